using VisionPS.Core.BatchJobs;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>A provider that echoes the key in a failed line's message: the key never reaches the error.</summary>
public class BatchSecretTests : IClassFixture<BatchServerFixture>
{
    private readonly BatchServerFixture _f;

    public BatchSecretTests(BatchServerFixture fixture) => _f = fixture;

    [Fact]
    public async Task A_line_error_that_echoes_the_key_is_masked()
    {
        using BatchApiClient api = _f.Api();
        string input = Path.GetTempFileName();
        // The server names an unknown field in its message; this one is named after the key.
        await File.WriteAllTextAsync(input, $"{{\"custom_id\":\"job1-0\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{{\"model\":\"gpt-4o\",\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}],\"{BatchServerFixture.Key}\":1}}}}\n");
        BatchFileObject file = await api.UploadAsync(input, "echo.jsonl", default);
        BatchObject batch = await api.CreateBatchAsync(file.Id, new Dictionary<string, string>(), default);
        string folder = BatchHarness.TempFolder();
        var state = new BatchJobState { JobId = "job1", BaseUrl = _f.Server.BaseUrl.ToString(), Model = "gpt-4o", Prompt = "hi", Sources = ["/in/a.png"] };
        state.Parts.Add(new BatchPartState { Number = 1, Count = 1, Stage = BatchPartStage.Created, FileName = "echo.jsonl", FileId = file.Id, BatchId = batch.Id });
        BatchJobStore.Create(folder, state).Dispose();
        _f.FinishAll();

        var items = new List<BatchReceivedItem>();
        await BatchHarness.ReceiveAsync(folder, api, items.Add);

        BatchReceivedItem item = Assert.Single(items);
        VisionErrorInfo info = ErrorClassifier.Classify(item.Error!, item.Source);
        Assert.Equal(ErrorIds.ApiRequestRejected, info.ErrorId);
        Assert.Contains("***", info.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BatchServerFixture.Key, info.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BatchServerFixture.Key, item.Error!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(BatchServerFixture.Key, await File.ReadAllTextAsync(Path.Combine(folder, BatchJobStore.JobFileName)), StringComparison.Ordinal);
    }
}
