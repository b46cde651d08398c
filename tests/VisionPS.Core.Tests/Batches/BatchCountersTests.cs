using VisionPS.Core.Batches;

namespace VisionPS.Core.Tests.Batches;

public class BatchCountersTests
{
    [Fact]
    public async Task Adds_FromManyThreads_AreAllCounted()
    {
        var counters = new BatchCounters();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                counters.AddRetries();
                counters.AddTokens(10, 2);
                counters.AddCost(0.001m);
            }
        })));

        Assert.Equal(8000, counters.Retries);
        Assert.Equal((80000L, 16000L, 96000L), (counters.PromptTokens, counters.CompletionTokens, counters.TotalTokens));
        Assert.Equal(8m, counters.Cost);
        Assert.Equal(8000, counters.CostKnownCount);
    }

    [Fact]
    public void Summary_CostIsUnknown_WhenNothingWasPriced_AndPartial_WhenSomeWasNot()
    {
        var progress = new BatchProgressSnapshot(3, 1, 2, 0, 6, null, null);
        var none = new BatchCounters();
        none.AddCost(null);
        Assert.Null(BatchSummary.Create(progress, none, TimeSpan.Zero).Cost);

        var some = new BatchCounters();
        some.AddCost(0.5m);
        some.AddCost(null);
        var summary = BatchSummary.Create(progress, some, TimeSpan.FromSeconds(12));
        Assert.Equal(0.5m, summary.Cost);
        Assert.True(summary.CostIsPartial);
        Assert.Equal(6, summary.Total);
    }

    [Fact]
    public void Summary_Text_NamesEveryTotal()
    {
        var counters = new BatchCounters();
        counters.AddRetries(4);
        counters.AddTokens(1000, 200);
        counters.AddCost(0.0125m);
        var summary = BatchSummary.Create(new BatchProgressSnapshot(97, 2, 1, 0, 100, null, null), counters, TimeSpan.FromSeconds(42.5));

        Assert.Equal(
            "Batch: 97 done, 2 failed, 1 cancelled in 42.5 s; 4 retries; 1200 tokens (1000 prompt, 200 completion); cost 0.0125",
            summary.ToString());
    }

    [Fact]
    public void NegativeAmounts_AreRejected()
    {
        var counters = new BatchCounters();
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.AddRetries(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.AddTokens(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.AddCost(-1m));
    }
}
