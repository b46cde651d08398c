using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VisionPS.Core.Http;

namespace VisionPS.Core.BatchJobs;

/// <summary>
/// The OpenAI-style Batch API: <c>{base}/files</c> and <c>{base}/batches</c>, on Azure classic
/// <c>{resource}/openai/files?api-version=…</c> and <c>{resource}/openai/batches?api-version=…</c> (<see cref="ServiceUrl"/>).
/// Errors come out as <see cref="VisionApiException"/>s, scrubbed of the key.
/// </summary>
public sealed class BatchApiClient : IDisposable
{
    private static readonly string[] Accept = ["application/json"];
    private readonly ApiSender _sender;
    private readonly VisionClientOptions _options;

    /// <param name="options">The connection's client options (<see cref="Chat.Connection.ClientOptions"/>): key, proxy, TLS, limits.</param>
    /// <param name="handler">A handler for tests; null = the shared pool or one fitting the options' network settings.</param>
    public BatchApiClient(VisionClientOptions options, HttpMessageHandler? handler = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _sender = new ApiSender(options, handler, TimeProvider.System);
    }

    public Uri BaseUrl => _options.BaseUrl;

    /// <summary>
    /// The endpoint a batch's lines go to (each line's <c>url</c> and the batch's <c>endpoint</c>): Azure classic
    /// serves <c>/chat/completions</c> (the deployment is named by each body's model), everyone else <c>/v1/chat/completions</c>.
    /// </summary>
    public static string ChatEndpointFor(VisionClientOptions options) =>
        (options ?? throw new ArgumentNullException(nameof(options))).Deployment is null ? "/v1/chat/completions" : "/chat/completions";

    /// <summary>The key, so that what the provider says can be scrubbed of it.</summary>
    internal ApiCredential? ApiKey => _options.ApiKey;

    /// <summary>Uploads a local JSONL file with purpose <c>batch</c>, streaming it from disk.</summary>
    public Task<BatchFileObject> UploadAsync(string path, string filename, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "files", () => UploadContent(path, filename), BatchWireJsonContext.Default.BatchFileObject, ct);

    // Made anew for each send (a 307/308 redirect sends the body again); disposing the form closes the file.
    private static HttpContent UploadContent(string path, string filename)
    {
        return BatchUploadForm.Create(new StreamContent(File.OpenRead(path), 64 * 1024), filename);
    }

    public async Task<IReadOnlyList<BatchFileObject>> ListBatchFilesAsync(CancellationToken ct)
    {
        BatchPage<BatchFileObject> page = await SendAsync(HttpMethod.Get, "files?purpose=batch", null, BatchWireJsonContext.Default.BatchPageBatchFileObject, ct).ConfigureAwait(false);
        return page.Data ?? [];
    }

    /// <summary>A file's content, its headers read; stream the body from it, and dispose it to release the connection.</summary>
    public Task<HttpResponseMessage> OpenContentAsync(string fileId, CancellationToken ct) =>
        SendRawAsync(HttpMethod.Get, $"files/{Uri.EscapeDataString(fileId)}/content", null, ct);

    public Task<BatchFileObject> DeleteFileAsync(string fileId, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"files/{Uri.EscapeDataString(fileId)}", null, BatchWireJsonContext.Default.BatchFileObject, ct);

    public Task<BatchObject> CreateBatchAsync(string inputFileId, IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        var body = new CreateBatchBody { InputFileId = inputFileId, Endpoint = ChatEndpointFor(_options), Metadata = new Dictionary<string, string>(metadata) };
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(body, BatchWireJsonContext.Default.CreateBatchBody);
        return SendAsync(HttpMethod.Post, "batches", () => JsonContent(json), BatchWireJsonContext.Default.BatchObject, ct);
    }

    public Task<BatchObject> GetBatchAsync(string batchId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"batches/{Uri.EscapeDataString(batchId)}", null, BatchWireJsonContext.Default.BatchObject, ct);

    public Task<BatchObject> CancelBatchAsync(string batchId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"batches/{Uri.EscapeDataString(batchId)}/cancel", null, BatchWireJsonContext.Default.BatchObject, ct);

    /// <summary>Batches newest first, page by page, until <paramref name="max"/> or the end.</summary>
    public async IAsyncEnumerable<BatchObject> ListBatchesAsync(int max, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        int seen = 0;
        while (seen < max)
        {
            string query = "batches?limit=100" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            BatchPage<BatchObject> page = await SendAsync(HttpMethod.Get, query, null, BatchWireJsonContext.Default.BatchPageBatchObject, ct).ConfigureAwait(false);
            foreach (BatchObject batch in page.Data ?? [])
            {
                if (seen++ >= max)
                {
                    yield break;
                }

                yield return batch;
            }

            if (!page.HasMore || page.Data is not { Count: > 0 })
            {
                yield break;
            }

            after = page.Data[^1].Id;
        }
    }

    private static HttpContent JsonContent(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string relative, Func<HttpContent>? content, JsonTypeInfo<T> type, CancellationToken ct)
    {
        Uri uri = Url(relative);
        using var timeout = new IdleTimeout(_options.Timeout, uri, ct);
        using HttpResponseMessage response = await _sender.SendAsync(method, uri, content, timeout, Accept).ConfigureAwait(false);
        string body = await _sender.ReadBodyAsync(response, timeout, uri).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new JsonException("the answer was null");
        }
        catch (JsonException ex)
        {
            throw new ApiProtocolException($"{Url(relative)} sent an answer that is not a Batch API object: {ex.Message}", ex);
        }
    }

    // The whole body of an upload may take long; the limit is on the silences (waiting for headers, between reads).
    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string relative, Func<HttpContent>? content, CancellationToken ct)
    {
        Uri uri = Url(relative);
        using var timeout = new IdleTimeout(_options.Timeout, uri, ct);
        return await _sender.SendAsync(method, uri, content, timeout).ConfigureAwait(false);
    }

    internal Uri Url(string relative) => ServiceUrl.For(_options, relative);

    public void Dispose() => _sender.Dispose();
}
