using VisionPS.Core.Resilience.Retries;

namespace VisionPS.Core.Tests.Resilience.Retries;

public class RetryBackoffTests
{
    /// <summary>A "random" source that always draws the same fraction, so delays are exact.</summary>
    private sealed class FixedRandom(double fraction) : Random
    {
        public override double NextDouble() => fraction;
    }

    private static List<TimeSpan> Delays(RetryOptions options, int count)
    {
        var backoff = new RetryBackoff(options);
        return Enumerable.Range(1, count).Select(backoff.Next).ToList();
    }

    [Fact]
    public void FullJitter_DoublesTheCeiling_AndStopsAtTheCap()
    {
        var options = new RetryOptions { Random = new FixedRandom(0.5), MaximumRetryWait = TimeSpan.FromSeconds(10) };

        List<TimeSpan> delays = Delays(options, 7);

        Assert.Equal(new[] { 0.5, 1, 2, 4, 8, 10, 10 }, delays.Select(d => d.TotalSeconds));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20240611)]
    public void FullJitter_WithASeed_IsRepeatableAndStaysUnderTheGrowingCeiling(int seed)
    {
        TimeSpan cap = TimeSpan.FromSeconds(20);
        List<TimeSpan> first = Delays(new RetryOptions { Random = new Random(seed), MaximumRetryWait = cap }, 12);
        List<TimeSpan> second = Delays(new RetryOptions { Random = new Random(seed), MaximumRetryWait = cap }, 12);

        Assert.Equal(first, second);
        for (int retry = 1; retry <= first.Count; retry++)
        {
            double ceiling = Math.Min(cap.TotalSeconds, Math.Pow(2, retry - 1));
            Assert.InRange(first[retry - 1].TotalSeconds, 0, ceiling);
        }

        // Averaged over the later retries the delays sit near half the cap, far above the first one's ceiling of 1 s.
        Assert.True(first.Skip(6).Average(d => d.TotalSeconds) > 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20240611)]
    public void DecorrelatedJitter_GrowsFromThePreviousDelay_AndIsCapped(int seed)
    {
        TimeSpan cap = TimeSpan.FromSeconds(30);
        List<TimeSpan> delays = Delays(new RetryOptions { Jitter = RetryJitter.Decorrelated, Random = new Random(seed), MaximumRetryWait = cap }, 12);

        TimeSpan previous = TimeSpan.FromSeconds(1);
        foreach (TimeSpan delay in delays)
        {
            Assert.InRange(delay, TimeSpan.FromSeconds(1), TimeSpan.FromTicks(Math.Min(cap.Ticks, previous.Ticks * 3)));
            previous = delay;
        }
    }

    [Fact]
    public void DecorrelatedJitter_WithTheTopFraction_TriplesUpToTheCap()
    {
        var options = new RetryOptions { Jitter = RetryJitter.Decorrelated, Random = new FixedRandom(1), MaximumRetryWait = TimeSpan.FromSeconds(30) };

        Assert.Equal(new[] { 3.0, 9, 27, 30, 30 }, Delays(options, 5).Select(d => d.TotalSeconds));
    }

    [Fact]
    public void Options_RejectNegativeValues_AndHaveTheDocumentedDefaults()
    {
        var defaults = new RetryOptions();
        Assert.Equal(3, defaults.MaximumRetryCount);
        Assert.Equal(TimeSpan.FromSeconds(60), defaults.MaximumRetryWait);
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.BaseDelay);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryOptions { MaximumRetryCount = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryOptions { MaximumRetryWait = TimeSpan.FromSeconds(-1) });
    }
}
