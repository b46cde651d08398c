using VisionPS.Core.BatchJobs;
using VisionPS.TestServer.Batches;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>
/// Issue 13 point 3: the work is cut off at each point (mid-upload, after create, mid-download) by holding the
/// request on the server and cancelling the client there, as a killed process would leave it: nothing after the
/// cut runs, and the next run starts from the job folder alone. Then the same command again: no image reaches the
/// server twice and every input ends as exactly one result or error.
/// </summary>
public class BatchCrashResumeTests : IClassFixture<BatchServerFixture>
{
    private const int Inputs = 12;
    private readonly BatchServerFixture _f;

    public BatchCrashResumeTests(BatchServerFixture fixture) => _f = fixture;

    [Theory]
    [InlineData(BatchStallPoint.Upload)]
    [InlineData(BatchStallPoint.Create)]
    public async Task A_submit_cut_off_and_run_again_sends_every_image_once(BatchStallPoint point)
    {
        string folder = BatchHarness.TempFolder();
        using BatchApiClient api = _f.Api();
        int uploadsBefore = _f.Server.Uploads.Count;
        var limits = new BatchLimits { MaxRequests = 5 };

        // The second part's upload (or create) never answers; the client is cut off there.
        await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(5), limits);
        Task stalled = _f.Server.BatchStallReached;
        _f.Server.EnqueueBatchStall(point);
        using var cut = new CancellationTokenSource();
        Task first = BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(Inputs), limits, cut.Token);
        await Task.WhenAny(stalled, first);
        Assert.True(stalled.IsCompleted, "the run should have reached the stall");
        cut.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var verbose = new List<string>();
        int skipped = await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(Inputs), limits, verbose: verbose);
        Assert.Equal(10, skipped); // parts 1 and 2 were already in the job; only the last 2 were prepared again

        UploadRecord[] uploads = _f.Server.Uploads.Skip(uploadsBefore).ToArray();
        string[] digests = uploads.SelectMany(u => u.ImageDigests).ToArray();
        Assert.Equal(Inputs, digests.Length);
        Assert.Equal(Inputs, digests.Distinct().Count());
        Assert.Equal(3, uploads.Length);
        if (point == BatchStallPoint.Create)
        {
            Assert.Contains(verbose, v => v.Contains("already has batch_", StringComparison.Ordinal));
        }

        using (BatchJobStore store = BatchJobStore.Open(folder))
        {
            string[] fileIds = store.State.Parts.Select(p => p.FileId!).ToArray();
            List<BatchObject> batches = [];
            await foreach (BatchObject b in api.ListBatchesAsync(1000, default))
            {
                if (fileIds.Contains(b.InputFileId))
                {
                    batches.Add(b);
                }
            }

            Assert.Equal(3, batches.Count); // one batch per file: the lost create was found, not repeated
        }

        _f.FinishAll();
        var items = new List<BatchReceivedItem>();
        await BatchHarness.ReceiveAsync(folder, api, items.Add);
        Assert.Equal(Inputs, items.Count);
        Assert.Equal(Inputs, items.Select(i => i.Source).Distinct().Count());
        Assert.All(items, i => Assert.NotNull(i.Result));
    }

    [Fact]
    public async Task A_receive_cut_off_mid_download_and_run_again_loses_and_repeats_nothing()
    {
        string folder = BatchHarness.TempFolder();
        using BatchApiClient api = _f.Api();
        await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(Inputs), new BatchLimits { MaxRequests = 8 });
        _f.FinishAll();

        Task stalled = _f.Server.BatchStallReached;
        _f.Server.EnqueueBatchStall(BatchStallPoint.Content);
        var before = new List<BatchReceivedItem>();
        var handedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cut = new CancellationTokenSource();
        Task first = BatchHarness.ReceiveAsync(folder, api, item => { before.Add(item); handedOver.TrySetResult(); }, cut.Token);

        // Cut once the server holds the rest of the file and the client has handed over what came before it.
        await Task.WhenAny(Task.WhenAll(stalled, handedOver.Task), first);
        Assert.True(stalled.IsCompleted && handedOver.Task.IsCompleted, "the download should have reached the stall after some results");
        cut.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.InRange(before.Count, 1, 7); // half of the first output file arrived before the cut

        var after = new List<BatchReceivedItem>();
        await BatchHarness.ReceiveAsync(folder, api, after.Add);

        Assert.Empty(before.Select(i => i.CustomId).Intersect(after.Select(i => i.CustomId)));
        Assert.Equal(Inputs, before.Count + after.Count);
        Assert.Equal(BatchHarness.Inputs(Inputs).Select(i => i.Source).Order(), before.Concat(after).Select(i => i.Source).Order());
    }
}
