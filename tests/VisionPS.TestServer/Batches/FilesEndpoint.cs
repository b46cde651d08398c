using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VisionPS.TestServer.Batches;

/// <summary>
/// <c>/v1/files</c> (and Azure's <c>/openai/files</c>): upload (multipart as RFC 7578 writes it, read strictly by <see cref="StrictMultipartForm"/>: <c>purpose</c>, <c>file</c>), list (<c>?purpose=</c>, <c>limit</c>, <c>after</c>),
/// retrieve, content, delete. Batch input files must be <c>.jsonl</c> within the size limit; their lines are checked
/// when a batch is created from them.
/// </summary>
internal sealed class FilesEndpoint(BatchState state, BatchApiShape shape)
{
    private string Path => shape.Prefix + "/files";
    private static readonly string[] Purposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, ApiHandler.Wrap(state, shape, UploadAsync));
        routes.MapGet(Path, ApiHandler.Wrap(state, shape, ListAsync));
        routes.MapGet(Path + "/{id}", ApiHandler.Wrap(state, shape, (c, ct) => ApiHandler.WriteJsonAsync(c, JsonText.Build(w => BatchJson.WriteFile(w, Find(c))), ct)));
        routes.MapGet(Path + "/{id}/content", ApiHandler.Wrap(state, shape, ContentAsync));
        routes.MapDelete(Path + "/{id}", ApiHandler.Wrap(state, shape, DeleteAsync));
    }

    private async Task UploadAsync(HttpContext context, CancellationToken ct)
    {
        (string purpose, string fileName, byte[] content) = state.Options.StrictMultipart
            ? await StrictMultipartForm.ReadAsync(context.Request, state.Options.MaxFileBytes, ct).ConfigureAwait(false)
            : await ReadLenientAsync(context.Request, ct).ConfigureAwait(false);
        if (!Purposes.Contains(purpose, StringComparer.Ordinal))
        {
            throw new ApiErrorException(ApiError.BadValue("purpose", purpose, Purposes));
        }

        if (purpose == "batch" && !fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiErrorException(ApiError.Invalid($"Invalid file format for Batch API. Must be .jsonl, got '{fileName}'.", "file", "invalid_file_format"));
        }

        if (purpose == "batch" && content.Length > state.Options.MaxFileBytes)
        {
            throw new ApiErrorException(ApiError.Invalid($"The file is {content.Length} bytes; batch input files may be at most {state.Options.MaxFileBytes} bytes.", "file", "file_too_large"));
        }

        if (state.TakeStall(BatchStallPoint.Upload))
        {
            await state.StallAsync(ct).ConfigureAwait(false);
            return;
        }

        var stored = new StoredFile(state.NextId("file-"), fileName, purpose, state.Clock.UnixSeconds, content);
        (List<string> ids, List<string> digests) = purpose == "batch" ? InputFileParser.Describe(content) : ([], []);
        state.AddFile(stored, new UploadRecord(stored.Id, stored.Filename, stored.Bytes, ids, digests));
        await ApiHandler.WriteJsonAsync(context, JsonText.Build(w => BatchJson.WriteFile(w, stored)), ct).ConfigureAwait(false);
    }

    // ASP.NET's form reader: takes unquoted names and filename* too.
    private static async Task<(string Purpose, string FileName, byte[] Content)> ReadLenientAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new ApiErrorException(ApiError.Invalid($"Invalid Content-Type header ({request.ContentType ?? "none"}), expected multipart/form-data.", null));
        }

        IFormCollection form = await request.ReadFormAsync(ct).ConfigureAwait(false);
        string purpose = form["purpose"].FirstOrDefault() is { Length: > 0 } p ? p : throw new ApiErrorException(ApiError.Missing("purpose"));
        IFormFile file = form.Files.GetFile("file") ?? throw new ApiErrorException(ApiError.Missing("file"));
        byte[] content = new byte[file.Length];
        await using Stream source = file.OpenReadStream();
        await source.ReadExactlyAsync(content, ct).ConfigureAwait(false);
        return (purpose, file.FileName, content);
    }

    private Task ListAsync(HttpContext context, CancellationToken ct)
    {
        string? purpose = context.Request.Query["purpose"].FirstOrDefault();
        StoredFile[] all = state.ListFiles().Where(f => string.IsNullOrEmpty(purpose) || f.Purpose == purpose).ToArray();
        (IReadOnlyList<StoredFile> page, bool more) = Paging.Take(all, f => f.Id, context.Request, 10_000, 10_000);
        return ApiHandler.WriteJsonAsync(context, BatchJson.List(page, more, f => f.Id, BatchJson.WriteFile), ct);
    }

    private async Task ContentAsync(HttpContext context, CancellationToken ct)
    {
        StoredFile file = Find(context);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Bytes;
        if (state.TakeStall(BatchStallPoint.Content))
        {
            await context.Response.Body.WriteAsync(file.Content.AsMemory(0, file.Content.Length / 2), ct).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            await state.StallAsync(ct).ConfigureAwait(false);
            return;
        }

        await context.Response.Body.WriteAsync(file.Content, ct).ConfigureAwait(false);
    }

    private Task DeleteAsync(HttpContext context, CancellationToken ct)
    {
        StoredFile file = Find(context);
        state.DeleteFile(file.Id);
        return ApiHandler.WriteJsonAsync(context, JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteText("id", file.Id);
            w.WriteString("object", "file");
            w.WriteBoolean("deleted", true);
            w.WriteEndObject();
        }), ct);
    }

    private StoredFile Find(HttpContext context)
    {
        string id = (string)context.Request.RouteValues["id"]!;
        return state.FindFile(id) ?? throw new ApiErrorException(ApiHandler.NotFound("File", id));
    }
}
