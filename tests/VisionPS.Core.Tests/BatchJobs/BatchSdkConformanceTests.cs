#pragma warning disable OPENAI001 // the SDK marks its batch client experimental
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>
/// The official OpenAI .NET SDK's file and batch clients work against the test server the same way as against
/// OpenAI, and read what VisionPS reads (issue 13 point 4, conformance).
/// </summary>
public class BatchSdkConformanceTests : IClassFixture<BatchServerFixture>
{
    private readonly BatchServerFixture _f;

    public BatchSdkConformanceTests(BatchServerFixture fixture)
    {
        _f = fixture;

        // The SDK uploads with .NET's default form (unquoted names, filename*), which OpenAI's own server accepts.
        _f.Options.StrictMultipart = false;
    }

    private OpenAIClient Sdk() => new(new ApiKeyCredential(BatchServerFixture.Key), new OpenAIClientOptions { Endpoint = _f.Server.BaseUrl });

    private string Jsonl(int count)
    {
        var text = new StringBuilder();
        foreach ((string source, Func<global::VisionPS.ImagePart> load) in BatchHarness.Inputs(count))
        {
            text.Append(Encoding.UTF8.GetString(BatchLineEncoder.Encode(source, ChatCallBuilder.Build(BatchHarness.Settings(_f.Server.BaseUrl), "Describe", [load()]).Request, "/v1/chat/completions")));
        }

        return text.ToString();
    }

    [Fact]
    public async Task The_sdk_uploads_retrieves_downloads_and_deletes_files()
    {
        OpenAIFileClient files = Sdk().GetOpenAIFileClient();
        byte[] content = Encoding.UTF8.GetBytes(Jsonl(2));
        OpenAIFile uploaded = (await files.UploadFileAsync(BinaryData.FromBytes(content), "sdk.jsonl", FileUploadPurpose.Batch)).Value;
        Assert.Equal(content.Length, uploaded.SizeInBytesLong);
        Assert.Equal("sdk.jsonl", uploaded.Filename);
        Assert.Equal(FilePurpose.Batch, uploaded.Purpose);

        OpenAIFile fetched = (await files.GetFileAsync(uploaded.Id)).Value;
        Assert.Equal(uploaded.Id, fetched.Id);
        Assert.Equal(content, (await files.DownloadFileAsync(uploaded.Id)).Value.ToArray());
        Assert.Contains((await files.GetFilesAsync(FilePurpose.Batch)).Value, f => f.Id == uploaded.Id);

        // VisionPS sees the same file in the same list.
        using BatchApiClient ours = _f.Api();
        Assert.Contains(await ours.ListBatchFilesAsync(default), f => f.Id == uploaded.Id && f.Bytes == content.Length);

        FileDeletionResult deleted = (await files.DeleteFileAsync(uploaded.Id)).Value;
        Assert.True(deleted.Deleted);
        await Assert.ThrowsAsync<ClientResultException>(() => files.GetFileAsync(uploaded.Id));
    }

    [Fact]
    public async Task The_sdk_creates_lists_retrieves_and_cancels_batches_and_reads_the_same_output_as_VisionPS()
    {
        OpenAIClient sdk = Sdk();
        OpenAIFile input = (await sdk.GetOpenAIFileClient().UploadFileAsync(BinaryData.FromString(Jsonl(3)), "sdk-batch.jsonl", FileUploadPurpose.Batch)).Value;
        BatchClient batches = sdk.GetBatchClient();
        string request = JsonSerializer.Serialize(new { input_file_id = input.Id, endpoint = "/v1/chat/completions", completion_window = "24h" });
        CreateBatchOperation operation = await batches.CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(request)), waitUntilCompleted: false);
        Assert.StartsWith("batch_", operation.BatchId, StringComparison.Ordinal);

        _f.FinishAll();
        ClientResult status = await operation.GetBatchAsync(new RequestOptions());
        using JsonDocument batch = JsonDocument.Parse(status.GetRawResponse().Content);
        Assert.Equal("completed", batch.RootElement.GetProperty("status").GetString());
        Assert.Equal(3, batch.RootElement.GetProperty("request_counts").GetProperty("completed").GetInt32());
        await operation.UpdateStatusAsync();
        Assert.True(operation.HasCompleted);

        // The SDK's download of the output file and VisionPS's parse of it agree line by line.
        string outputId = batch.RootElement.GetProperty("output_file_id").GetString()!;
        string sdkOutput = (await sdk.GetOpenAIFileClient().DownloadFileAsync(outputId)).Value.ToString();
        using BatchApiClient ours = _f.Api();
        BatchObject ourView = await ours.GetBatchAsync(operation.BatchId, default);
        Assert.Equal(outputId, ourView.OutputFileId);
        Assert.Equal(3, sdkOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        bool listed = false;
        await foreach (ClientResult page in batches.GetBatchesAsync(after: null, limit: 100, options: new RequestOptions()).GetRawPagesAsync())
        {
            using JsonDocument list = JsonDocument.Parse(page.GetRawResponse().Content);
            listed |= list.RootElement.GetProperty("data").EnumerateArray().Any(b => b.GetProperty("id").GetString() == operation.BatchId);
        }

        Assert.True(listed);

        // Cancel through the SDK: a second batch, stopped while it runs.
        CreateBatchOperation second = await batches.CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(request)), waitUntilCompleted: false);
        ClientResult cancelling = await second.CancelAsync(new RequestOptions());
        using JsonDocument cancelled = JsonDocument.Parse(cancelling.GetRawResponse().Content);
        Assert.Equal("cancelling", cancelled.RootElement.GetProperty("status").GetString());
        _f.Server.BatchClock.Advance(_f.Options.Cancelling);
        Assert.Equal("cancelled", (await ours.GetBatchAsync(second.BatchId, default)).Status);
    }
}
