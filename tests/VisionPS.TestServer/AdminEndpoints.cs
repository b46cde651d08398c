using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VisionPS.TestServer;

/// <summary>
/// Control endpoints for PowerShell/Pester tests and hand runs, which cannot call C#. No authentication.
/// <code>
/// POST /_test/faults    body: one fault object or an array of them (see FaultJson)  → {"pending":N}
/// GET  /_test/faults                                                                  → {"pending":N}
/// PUT  /_test/framing   body: {"framing":"trickle"}                                  → {"framing":"Trickle"}
/// GET  /_test/framing                                                                 → {"framing":"Lf"}
/// GET  /_test/requests  → [{"index":0,"status":200,"headers":{…no Authorization…},"body":"&lt;raw text&gt;","json":&lt;parsed body or null&gt;}]
/// POST /_test/reset     forgets faults and requests, restores the configured framing  → {"reset":true}
/// </code>
/// Bad input → 400 with an OpenAI-shaped error body.
/// </summary>
internal sealed class AdminEndpoints(ServerState state)
{
    public const string Prefix = "/_test";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods(Prefix + "/faults", ["POST"], (RequestDelegate)PostFaultsAsync);
        routes.MapMethods(Prefix + "/faults", ["GET"], (RequestDelegate)(c => WriteJsonAsync(c, w => w.WriteNumber("pending", state.PendingFaults))));
        routes.MapMethods(Prefix + "/framing", ["PUT"], (RequestDelegate)PutFramingAsync);
        routes.MapMethods(Prefix + "/framing", ["GET"], (RequestDelegate)(c => WriteJsonAsync(c, w => w.WriteString("framing", state.Framing.ToString()))));
        routes.MapMethods(Prefix + "/requests", ["GET"], (RequestDelegate)GetRequestsAsync);
        routes.MapMethods(Prefix + "/reset", ["POST"], (RequestDelegate)(c =>
        {
            state.Reset();
            return WriteJsonAsync(c, w => w.WriteBoolean("reset", true));
        }));
    }

    private async Task PostFaultsAsync(HttpContext context)
    {
        List<Fault> faults;
        try
        {
            using JsonDocument doc = await ReadJsonAsync(context).ConfigureAwait(false);
            faults = FaultJson.ParseMany(doc.RootElement);
        }
        catch (FormatException e)
        {
            await BadRequestAsync(context, e.Message).ConfigureAwait(false);
            return;
        }

        foreach (Fault fault in faults)
        {
            state.EnqueueFault(fault);
        }

        await WriteJsonAsync(context, w => w.WriteNumber("pending", state.PendingFaults)).ConfigureAwait(false);
    }

    private async Task PutFramingAsync(HttpContext context)
    {
        StreamFraming framing;
        try
        {
            using JsonDocument doc = await ReadJsonAsync(context).ConfigureAwait(false);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("framing", out JsonElement value)
                || value.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("Expected a body like {\"framing\":\"trickle\"}.");
            }

            framing = FaultJson.ParseFraming(value.GetString()!);
        }
        catch (FormatException e)
        {
            await BadRequestAsync(context, e.Message).ConfigureAwait(false);
            return;
        }

        state.Framing = framing;
        await WriteJsonAsync(context, w => w.WriteString("framing", framing.ToString())).ConfigureAwait(false);
    }

    private Task GetRequestsAsync(HttpContext context)
    {
        IReadOnlyList<ReceivedRequest> requests = state.SnapshotRequests();
        string json = JsonText.Build(w =>
        {
            w.WriteStartArray();
            for (int i = 0; i < requests.Count; i++)
            {
                ReceivedRequest r = requests[i];
                w.WriteStartObject();
                w.WriteNumber("index", i);
                w.WriteNumber("status", r.Status);
                w.WritePropertyName("headers");
                w.WriteStartObject();
                foreach ((string name, string value) in r.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
                {
                    if (!name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                    {
                        w.WriteText(name, value);
                    }
                }

                w.WriteEndObject();
                w.WriteText("body", r.Body);
                w.WritePropertyName("json");
                WriteParsedOrNull(w, r.Body);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        return ErrorResponses.WriteBodyAsync(context, 200, "application/json", json, context.RequestAborted);
    }

    private static void WriteParsedOrNull(Utf8JsonWriter w, string body)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            doc.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteNullValue();
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException("The body is not valid JSON: " + e.Message, e);
        }
    }

    private static Task BadRequestAsync(HttpContext context, string message)
        => ErrorResponses.WriteAsync(context, ApiError.Invalid(message, null), context.RequestAborted);

    private static Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> properties)
    {
        string json = JsonText.Build(w =>
        {
            w.WriteStartObject();
            properties(w);
            w.WriteEndObject();
        });
        return ErrorResponses.WriteBodyAsync(context, 200, "application/json", json, context.RequestAborted);
    }
}
