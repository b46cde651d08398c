using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>Issue 13 point 4: the test server's batches move through their states on the clock the test controls, strictly.</summary>
public class BatchServerLifecycleTests : IClassFixture<BatchServerFixture>
{
    private readonly BatchServerFixture _f;

    public BatchServerLifecycleTests(BatchServerFixture fixture) => _f = fixture;

    private string Lines(int count, string model = "gpt-4o", int from = 0)
    {
        var text = new StringBuilder();
        foreach ((string source, Func<ImagePart> load) in BatchHarness.Inputs(from + count).Skip(from))
        {
            ChatCall call = ChatCallBuilder.Build(BatchHarness.Settings(_f.Server.BaseUrl, model), "Describe", [load()]);
            text.Append(Encoding.UTF8.GetString(BatchLineEncoder.Encode(source, call.Request, "/v1/chat/completions")));
        }

        return text.ToString();
    }

    private async Task<BatchObject> CreateAsync(BatchApiClient api, string jsonl)
    {
        string path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, jsonl);
        BatchFileObject file = await api.UploadAsync(path, "input.jsonl", default);
        return await api.CreateBatchAsync(file.Id, new Dictionary<string, string> { ["k"] = "v" }, default);
    }

    private static async Task<string[]> ContentLinesAsync(BatchApiClient api, string? fileId)
    {
        if (fileId is null)
        {
            return [];
        }

        using HttpResponseMessage response = await api.OpenContentAsync(fileId, default);
        await using Stream s = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(s);
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task A_batch_goes_validating_in_progress_finalizing_completed_as_the_clock_moves()
    {
        using BatchApiClient api = _f.Api();
        BatchObject b = await CreateAsync(api, Lines(10));
        Assert.Equal("validating", b.Status);
        Assert.Equal(b.CreatedAt + 24 * 3600, b.ExpiresAt);
        Assert.Equal("v", b.Metadata!["k"]);

        _f.Server.BatchClock.Advance(_f.Options.Validating);
        Assert.Equal("in_progress", (await api.GetBatchAsync(b.Id, default)).Status);

        _f.Server.BatchClock.Advance(_f.Options.Processing / 2);
        BatchObject half = await api.GetBatchAsync(b.Id, default);
        Assert.Equal(("in_progress", 10, 5), (half.Status, half.RequestCounts!.Total, half.RequestCounts.Completed));

        _f.Server.BatchClock.Advance(_f.Options.Processing / 2);
        Assert.Equal("finalizing", (await api.GetBatchAsync(b.Id, default)).Status);

        _f.Server.BatchClock.Advance(_f.Options.Finalizing);
        BatchObject done = await api.GetBatchAsync(b.Id, default);
        Assert.Equal(("completed", 10, 0), (done.Status, done.RequestCounts!.Completed, done.RequestCounts.Failed));
        Assert.NotNull(done.CompletedAt);
        Assert.Null(done.ErrorFileId);
        string[] output = await ContentLinesAsync(api, done.OutputFileId);
        Assert.Equal(10, output.Length);
        using JsonDocument line = JsonDocument.Parse(output[0]);
        Assert.Equal(200, line.RootElement.GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.Equal("chat.completion", line.RootElement.GetProperty("response").GetProperty("body").GetProperty("object").GetString());
    }

    [Fact]
    public async Task An_input_file_with_two_models_fails_validation_with_the_line_named()
    {
        using BatchApiClient api = _f.Api();
        BatchObject b = await CreateAsync(api, Lines(1) + Lines(1, "gpt-4o-mini", from: 1));
        _f.Server.BatchClock.Advance(_f.Options.Validating);
        BatchObject failed = await api.GetBatchAsync(b.Id, default);
        Assert.Equal("failed", failed.Status);
        BatchErrorItem error = Assert.Single(failed.Errors!.Data!);
        Assert.Equal(("mismatched_model", 2), (error.Code, error.Line));
        Assert.Null(failed.OutputFileId);
    }

    [Fact]
    public async Task A_batch_past_its_window_expires_keeping_what_finished()
    {
        using BatchApiClient api = _f.Api();
        TimeSpan processing = _f.Options.Processing;
        _f.Options.Processing = TimeSpan.FromHours(48);
        _f.Options.WritesUnrunLines = true;
        try
        {
            BatchObject b = await CreateAsync(api, Lines(8));
            _f.Server.BatchClock.Advance(TimeSpan.FromHours(25));
            BatchObject expired = await api.GetBatchAsync(b.Id, default);
            Assert.Equal("expired", expired.Status);
            string[] output = await ContentLinesAsync(api, expired.OutputFileId);
            string[] errors = await ContentLinesAsync(api, expired.ErrorFileId);
            Assert.Equal(3, output.Length); // just under half of 48 h ran before the 24 h window closed
            Assert.Equal(5, errors.Length);
            Assert.All(errors, e => Assert.Contains("\"batch_expired\"", e, StringComparison.Ordinal));
        }
        finally
        {
            _f.Options.Processing = processing;
            _f.Options.WritesUnrunLines = false;
        }
    }

    [Fact]
    public async Task A_cancelled_batch_goes_cancelling_then_cancelled_and_by_default_lists_the_rest_in_neither_file()
    {
        using BatchApiClient api = _f.Api();
        BatchObject b = await CreateAsync(api, Lines(4));
        _f.Server.BatchClock.Advance(_f.Options.Validating + (_f.Options.Processing / 2));
        Assert.Equal("cancelling", (await api.CancelBatchAsync(b.Id, default)).Status);
        _f.Server.BatchClock.Advance(_f.Options.Cancelling);
        BatchObject cancelled = await api.GetBatchAsync(b.Id, default);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal(2, (await ContentLinesAsync(api, cancelled.OutputFileId)).Length);
        Assert.Null(cancelled.ErrorFileId); // the two lines never run: the status alone says why
        var again = await Assert.ThrowsAsync<VisionApiException>(() => api.CancelBatchAsync(b.Id, default));
        Assert.Equal(409, again.StatusCode);
    }

    [Theory]
    [InlineData("{\"input_file_id\":\"file-x\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"extra\":1}", "extra")]
    [InlineData("{\"input_file_id\":\"file-x\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"1h\"}", "completion_window")]
    [InlineData("{\"input_file_id\":\"file-x\",\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"24h\"}", "endpoint")]
    [InlineData("{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}", "input_file_id")]
    [InlineData("{\"input_file_id\":\"file-none\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}", "input_file_id")]
    public async Task Bad_creates_are_refused_naming_the_parameter(string body, string param)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _f.Server.BaseUrl + "/batches") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BatchServerFixture.Key);
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(param, error.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Files_need_the_key_and_batch_inputs_must_be_jsonl()
    {
        using var http = new HttpClient();
        using MultipartContent form = BatchUploadForm.Create(new ByteArrayContent("x"u8.ToArray()), "input.txt");
        using HttpResponseMessage noKey = await http.PostAsync(_f.Server.BaseUrl + "/files", form);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, _f.Server.BaseUrl + "/files") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BatchServerFixture.Key);
        using HttpResponseMessage txt = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, txt.StatusCode);
        Assert.Contains("invalid_file_format", await txt.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using BatchApiClient api = _f.Api();
        var missing = await Assert.ThrowsAsync<VisionApiException>(() => api.OpenContentAsync("file-none", default));
        Assert.Equal(404, missing.StatusCode);
    }

    [Fact]
    public async Task Every_line_is_validated_like_an_online_request()
    {
        using BatchApiClient api = _f.Api();
        string bad = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}}\n"
            + "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n"
            + "{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"bogus\":1}}\n";
        BatchObject b = await CreateAsync(api, bad);
        _f.FinishAll();
        BatchObject done = await api.GetBatchAsync(b.Id, default);
        Assert.Equal(("completed", 0, 3), (done.Status, done.RequestCounts!.Completed, done.RequestCounts.Failed));
        string[] errors = await ContentLinesAsync(api, done.ErrorFileId);
        Assert.All(errors, e => Assert.Contains("\"status_code\":400", e, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("\"param\":\"bogus\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("\"param\":\"stream\"", StringComparison.Ordinal));
    }
}
