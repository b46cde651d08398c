using VisionPS.Core.BatchJobs;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>
/// Issue 17 point 4: inputs a cancelled or expired batch never ran come back as BatchRequestCancelled /
/// BatchRequestExpired naming the input, whether or not the provider writes an error line for them.
/// </summary>
public class BatchUnrunInputTests : IClassFixture<BatchServerFixture>
{
    private readonly BatchServerFixture _f;

    public BatchUnrunInputTests(BatchServerFixture fixture) => _f = fixture;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task What_a_cancelled_batch_never_ran_is_BatchRequestCancelled_with_the_input_as_target(bool writesUnrunLines)
    {
        _f.Options.WritesUnrunLines = writesUnrunLines;
        try
        {
            string folder = BatchHarness.TempFolder();
            using BatchApiClient api = _f.Api();
            await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(4), new BatchLimits());
            string batchId;
            using (BatchJobStore store = BatchJobStore.Open(folder))
            {
                batchId = store.State.Parts.Single().BatchId!;
            }

            _f.Server.BatchClock.Advance(_f.Options.Validating + (_f.Options.Processing / 2));
            await api.CancelBatchAsync(batchId, default);
            _f.Server.BatchClock.Advance(_f.Options.Cancelling);

            List<BatchReceivedItem> items = [];
            await BatchHarness.ReceiveAsync(folder, api, items.Add);

            Assert.Equal(4, items.Count);
            Assert.Equal(2, items.Count(i => i.Result is not null));
            BatchReceivedItem[] unrun = items.Where(i => i.Error is not null).ToArray();
            Assert.Equal(2, unrun.Length);
            foreach (BatchReceivedItem item in unrun)
            {
                VisionErrorInfo info = ErrorClassifier.Classify(item.Error!, item.Source);
                Assert.Equal(ErrorIds.BatchRequestCancelled, info.ErrorId);
                Assert.Equal(item.Source, info.TargetObject);
                Assert.StartsWith("/photos/img", item.Source, StringComparison.Ordinal);
            }

            Assert.Equal(BatchHarness.Inputs(4).Select(i => i.Source).Order(), items.Select(i => i.Source).Order());
        }
        finally
        {
            _f.Options.WritesUnrunLines = false;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task What_an_expired_batch_never_ran_is_BatchRequestExpired_even_without_an_error_line(bool writesUnrunLines)
    {
        TimeSpan processing = _f.Options.Processing;
        _f.Options.Processing = TimeSpan.FromHours(48);
        _f.Options.WritesUnrunLines = writesUnrunLines;
        try
        {
            string folder = BatchHarness.TempFolder();
            using BatchApiClient api = _f.Api();
            await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(8), new BatchLimits());
            _f.Server.BatchClock.Advance(TimeSpan.FromHours(25));

            List<BatchReceivedItem> items = [];
            await BatchHarness.ReceiveAsync(folder, api, items.Add);

            Assert.Equal(8, items.Count);
            Assert.Equal(3, items.Count(i => i.Result is not null)); // just under half of 48 h ran in the 24 h window
            Assert.All(items.Where(i => i.Error is not null), i => Assert.Equal(ErrorIds.BatchRequestExpired, ErrorClassifier.Classify(i.Error!, i.Source).ErrorId));
            Assert.Equal(5, items.Count(i => i.Error is not null));
        }
        finally
        {
            _f.Options.Processing = processing;
            _f.Options.WritesUnrunLines = false;
        }
    }
}
