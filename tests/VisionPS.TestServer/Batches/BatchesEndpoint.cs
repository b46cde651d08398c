using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VisionPS.TestServer.Batches;

/// <summary><c>/v1/batches</c> (and Azure's <c>/openai/batches</c>): create, list (<c>limit</c>, <c>after</c>), retrieve, cancel. Only chat batches are served: <c>/v1/chat/completions</c>, on Azure <c>/chat/completions</c>.</summary>
internal sealed class BatchesEndpoint(BatchState state, BatchApiShape shape)
{
    private string Path => shape.Prefix + "/batches";
    private static readonly string[] CreateFields = ["input_file_id", "endpoint", "completion_window", "metadata", "output_expires_after"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, ApiHandler.Wrap(state, shape, CreateAsync));
        routes.MapGet(Path, ApiHandler.Wrap(state, shape, ListAsync));
        routes.MapGet(Path + "/{id}", ApiHandler.Wrap(state, shape, (c, ct) => WriteAsync(c, Find(c), ct)));
        routes.MapPost(Path + "/{id}/cancel", ApiHandler.Wrap(state, shape, CancelAsync));
    }

    private async Task CreateAsync(HttpContext context, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            throw new ApiErrorException(ApiError.Invalid("We could not parse the JSON body of your request.", null));
        }

        ServerBatch batch;
        using (doc)
        {
            batch = Create(doc.RootElement);
        }

        state.AddBatch(batch);
        if (state.TakeStall(BatchStallPoint.Create))
        {
            await state.StallAsync(ct).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, batch, ct).ConfigureAwait(false);
    }

    private ServerBatch Create(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ApiErrorException(ApiError.Invalid($"Invalid type for request body: expected an object, but got {ApiError.Describe(root)} instead.", null, "invalid_type"));
        }

        foreach (JsonProperty p in root.EnumerateObject())
        {
            if (!CreateFields.Contains(p.Name, StringComparer.Ordinal))
            {
                throw new ApiErrorException(ApiError.Unknown(p.Name));
            }
        }

        string fileId = RequiredString(root, "input_file_id");
        string endpoint = RequiredString(root, "endpoint");
        if (endpoint != shape.ChatEndpoint)
        {
            throw new ApiErrorException(ApiError.BadValue("endpoint", endpoint, shape.ChatEndpoint));
        }

        string window = RequiredString(root, "completion_window");
        if (window != "24h")
        {
            throw new ApiErrorException(ApiError.BadValue("completion_window", window, "24h"));
        }

        Dictionary<string, string>? metadata = Metadata(root);
        StoredFile file = state.FindFile(fileId) ?? throw new ApiErrorException(ApiError.Invalid($"No such File object: {fileId}", "input_file_id", "invalid_value"));
        if (file.Purpose != "batch")
        {
            throw new ApiErrorException(ApiError.Invalid($"File {fileId} has purpose '{file.Purpose}'; a batch needs a file uploaded with purpose 'batch'.", "input_file_id", "invalid_value"));
        }

        (List<BatchLine> lines, List<BatchFileError> errors) = InputFileParser.Parse(file.Content, endpoint, state.Options);
        return new ServerBatch(state, state.NextId("batch_"), fileId, endpoint, metadata, lines, errors);
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
        {
            throw new ApiErrorException(ApiError.Missing(name));
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ApiErrorException(ApiError.WrongType(name, "a string", value));
    }

    // Spec Metadata: at most 16 string pairs, keys up to 64 characters, values up to 512.
    private static Dictionary<string, string>? Metadata(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ApiErrorException(ApiError.WrongType("metadata", "an object", value));
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty p in value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || p.Name.Length > 64 || p.Value.GetString()!.Length > 512)
            {
                throw new ApiErrorException(ApiError.Invalid($"Invalid 'metadata.{p.Name}': keys are strings of at most 64 characters, values strings of at most 512.", "metadata." + p.Name, "invalid_value"));
            }

            metadata[p.Name] = p.Value.GetString()!;
        }

        if (metadata.Count > 16)
        {
            throw new ApiErrorException(ApiError.Invalid("Invalid 'metadata': at most 16 pairs.", "metadata", "invalid_value"));
        }

        return metadata;
    }

    private Task ListAsync(HttpContext context, CancellationToken ct)
    {
        (IReadOnlyList<ServerBatch> page, bool more) = Paging.Take(state.ListBatches(), b => b.Id, context.Request, 20, 100);
        string json = BatchJson.List(page, more, b => b.Id, (w, b) => b.Observe(x => { BatchJson.WriteBatch(w, x); return 0; }));
        return ApiHandler.WriteJsonAsync(context, json, ct);
    }

    private Task CancelAsync(HttpContext context, CancellationToken ct)
    {
        ServerBatch batch = Find(context);
        if (!batch.Cancel())
        {
            throw new ApiErrorException(new ApiError(409, $"Cannot cancel a batch with status '{batch.Observe(b => b.Status)}'.", ApiError.InvalidRequestType, null, null));
        }

        return WriteAsync(context, batch, ct);
    }

    private static Task WriteAsync(HttpContext context, ServerBatch batch, CancellationToken ct) =>
        ApiHandler.WriteJsonAsync(context, batch.Observe(b => JsonText.Build(w => BatchJson.WriteBatch(w, b))), ct);

    private ServerBatch Find(HttpContext context)
    {
        string id = (string)context.Request.RouteValues["id"]!;
        return state.FindBatch(id) ?? throw new ApiErrorException(ApiHandler.NotFound("batch", id));
    }
}
