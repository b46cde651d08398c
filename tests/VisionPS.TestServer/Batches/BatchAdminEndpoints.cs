using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VisionPS.TestServer.Batches;

/// <summary>
/// Batch controls for Pester tests and hand runs (no authentication):
/// <code>
/// POST /_test/clock          {"advanceSeconds":N}                                  → {"now":unix}
/// GET  /_test/clock                                                                → {"now":unix}
/// POST /_test/batch-faults   {"stall":"upload"|"create"|"content"} and/or {"failEveryNthLine":N}, {"processingSeconds":N}
///                                                                                  → {"pendingStalls":N,"stallsReached":N}
/// GET  /_test/batch-faults                                                         → {"pendingStalls":N,"stallsReached":N}
/// GET  /_test/uploads        → [{"fileId","filename","bytes","customIds":[…],"imageDigests":[…]}]
/// </code>
/// </summary>
internal sealed class BatchAdminEndpoints(BatchState state)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(AdminEndpoints.Prefix + "/clock", AdvanceAsync);
        routes.MapGet(AdminEndpoints.Prefix + "/clock", (RequestDelegate)(c => WriteAsync(c, w => w.WriteNumber("now", state.Clock.UnixSeconds))));
        routes.MapPost(AdminEndpoints.Prefix + "/batch-faults", FaultsAsync);
        routes.MapGet(AdminEndpoints.Prefix + "/batch-faults", (RequestDelegate)(c => WriteAsync(c, Counts)));
        routes.MapGet(AdminEndpoints.Prefix + "/uploads", (RequestDelegate)(c => ErrorResponses.WriteBodyAsync(c, 200, "application/json", UploadsJson(), c.RequestAborted)));
    }

    private async Task AdvanceAsync(HttpContext context)
    {
        using JsonDocument? doc = await ReadAsync(context).ConfigureAwait(false);
        if (doc is null || !doc.RootElement.TryGetProperty("advanceSeconds", out JsonElement seconds) || !seconds.TryGetDouble(out double s) || s < 0)
        {
            await ErrorResponses.WriteAsync(context, ApiError.Invalid("Expected a body like {\"advanceSeconds\":60}.", null), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        state.Clock.Advance(TimeSpan.FromSeconds(s));
        await WriteAsync(context, w => w.WriteNumber("now", state.Clock.UnixSeconds)).ConfigureAwait(false);
    }

    private async Task FaultsAsync(HttpContext context)
    {
        using JsonDocument? doc = await ReadAsync(context).ConfigureAwait(false);
        try
        {
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("Expected an object.");
            }

            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "stall":
                        state.EnqueueStall(Enum.Parse<BatchStallPoint>(p.Value.GetString() ?? "", ignoreCase: true));
                        break;
                    case "failEveryNthLine":
                        state.FailEveryNthLine = p.Value.GetInt32();
                        break;
                    case "processingSeconds":
                        state.Options.Processing = TimeSpan.FromSeconds(p.Value.GetDouble());
                        break;
                    default:
                        throw new FormatException($"Unknown field '{p.Name}'.");
                }
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            await ErrorResponses.WriteAsync(context, ApiError.Invalid("Bad batch fault: " + e.Message + " Use {\"stall\":\"upload|create|content\"}, {\"failEveryNthLine\":N}, {\"processingSeconds\":N}.", null), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, Counts).ConfigureAwait(false);
    }

    private void Counts(Utf8JsonWriter w)
    {
        w.WriteNumber("pendingStalls", state.PendingStalls);
        w.WriteNumber("stallsReached", state.StallsReached);
    }

    private string UploadsJson() => JsonText.Build(w =>
    {
        w.WriteStartArray();
        foreach (UploadRecord u in state.Uploads)
        {
            w.WriteStartObject();
            w.WriteText("fileId", u.FileId);
            w.WriteText("filename", u.Filename);
            w.WriteNumber("bytes", u.Bytes);
            w.WritePropertyName("customIds");
            w.WriteStartArray();
            foreach (string id in u.CustomIds)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WritePropertyName("imageDigests");
            w.WriteStartArray();
            foreach (string d in u.ImageDigests)
            {
                w.WriteStringValue(d);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static async Task<JsonDocument?> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> properties) =>
        ErrorResponses.WriteBodyAsync(context, 200, "application/json", JsonText.Build(w =>
        {
            w.WriteStartObject();
            properties(w);
            w.WriteEndObject();
        }), context.RequestAborted);
}
