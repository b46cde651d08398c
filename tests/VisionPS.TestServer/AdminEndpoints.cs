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
/// GET  /_test/requests  → [{"index":0,"status":200,"headers":{…no Authorization or api-key…},"hasAuthorization":true,"hasApiKey":false,"body":"&lt;raw text&gt;","json":&lt;parsed body or null&gt;}]
/// GET  /_test/image.png, /_test/image.webp  a 16x16 PNG, an 8x8 WebP (for image-URL inlining)
/// GET  /_test/files/{name}                  a file from TestServerOptions.ServedFiles (404 otherwise)
/// GET  /_test/not-an-image                  HTML served as image/png
/// GET  /_test/hops/{n}                      n redirects (302), then the PNG
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
        routes.MapMethods(Prefix + "/image.png", ["GET"], (RequestDelegate)(c => WriteBytesAsync(c, "image/png", TestImages.Png)));
        routes.MapMethods(Prefix + "/image.webp", ["GET"], (RequestDelegate)(c => WriteBytesAsync(c, "image/webp", TestImages.WebP)));
        routes.MapMethods(Prefix + "/files/{name}", ["GET"], (RequestDelegate)(c =>
        {
            if (!state.Options.ServedFiles.TryGetValue((string)c.Request.RouteValues["name"]!, out byte[]? bytes))
            {
                c.Response.StatusCode = 404;
                return Task.CompletedTask;
            }

            return WriteBytesAsync(c, "application/octet-stream", bytes);
        }));
        routes.MapMethods(Prefix + "/not-an-image", ["GET"], (RequestDelegate)(c => WriteBytesAsync(c, "image/png", "<html>not an image</html>"u8.ToArray())));
        routes.MapMethods(Prefix + "/hops/{n:int}", ["GET"], (RequestDelegate)(c =>
        {
            int n = int.Parse((string)c.Request.RouteValues["n"]!, System.Globalization.CultureInfo.InvariantCulture);
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = n <= 1 ? Prefix + "/image.png" : $"{Prefix}/hops/{n - 1}";
            return Task.CompletedTask;
        }));
        routes.MapMethods(Prefix + "/reset", ["POST"], (RequestDelegate)(c =>
        {
            state.Reset();
            return WriteJsonAsync(c, w => w.WriteBoolean("reset", true));
        }));
    }

    private static async Task WriteBytesAsync(HttpContext context, string contentType, byte[] bytes)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
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
                    if (!name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && !name.Equals("api-key", StringComparison.OrdinalIgnoreCase))
                    {
                        w.WriteText(name, value);
                    }
                }

                w.WriteEndObject();
                // Whether a key arrived, never the key: the redirect tests check that none reached a second server.
                w.WriteBoolean("hasAuthorization", r.Headers.ContainsKey("Authorization"));
                w.WriteBoolean("hasApiKey", r.Headers.ContainsKey("api-key"));
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
