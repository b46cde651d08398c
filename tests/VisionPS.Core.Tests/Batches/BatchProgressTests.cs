using VisionPS.Core.Batches;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Batches;

public class BatchProgressTests
{
    private static readonly BatchOutcome<int, string> Ok = new(0, 0, "x", null, TimeSpan.Zero);
    private static readonly BatchOutcome<int, string> Bad = new(0, 0, null, new IOException(), TimeSpan.Zero);
    private static readonly BatchOutcome<int, string> Stopped = new(0, 0, null, new OperationCanceledException(), TimeSpan.Zero, IsCancelled: true);

    [Fact]
    public void ShouldReport_AtMostOncePerQuarterSecond()
    {
        var clock = new FakeTimeProvider();
        var progress = new BatchProgress(clock);

        Assert.True(progress.ShouldReport());
        Assert.False(progress.ShouldReport());
        clock.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(progress.ShouldReport());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(progress.ShouldReport());
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(progress.ShouldReport());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(progress.ShouldReport());
    }

    [Fact]
    public void Counts_InFlightAndEachKindOfOutcome()
    {
        var progress = new BatchProgress(new FakeTimeProvider());
        for (int i = 0; i < 4; i++)
        {
            progress.RecordStarted();
        }

        progress.RecordFinished(Ok, wasRunning: true);
        progress.RecordFinished(Bad, wasRunning: true);
        progress.RecordFinished(Stopped, wasRunning: true);
        progress.RecordFinished(Stopped, wasRunning: false);

        var s = progress.Snapshot();
        Assert.Equal((1L, 1L, 2L, 1, 4L), (s.Succeeded, s.Failed, s.Cancelled, s.InFlight, s.Finished));
        Assert.Null(s.Total);
        Assert.Null(s.PercentComplete);
        Assert.Null(s.Remaining);
    }

    [Fact]
    public void Rate_BeforeTheWindowFills_IsOverTheTimeSoFar_AndEtaFollowsFromIt()
    {
        var clock = new FakeTimeProvider();
        var progress = new BatchProgress(clock, rateWindow: TimeSpan.FromSeconds(10)) { Total = 100 };
        Assert.Null(progress.Snapshot().Rate);

        for (int i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(0.5));
            progress.RecordFinished(i == 3 ? Bad : Ok, wasRunning: false);
        }

        var s = progress.Snapshot();
        Assert.Equal(2.0, s.Rate);                            // 10 in 5 s
        Assert.Equal(TimeSpan.FromSeconds(45), s.Remaining);  // 90 left at 2/s
        Assert.Equal(10, s.PercentComplete);
    }

    [Fact]
    public void Rate_CountsOnlyTheRecentWindow()
    {
        var clock = new FakeTimeProvider();
        var progress = new BatchProgress(clock, rateWindow: TimeSpan.FromSeconds(10)) { Total = 1000 };
        for (int i = 0; i < 100; i++)
        {
            progress.RecordFinished(Ok, wasRunning: false);   // a burst at the start, then it slows down
        }

        for (int i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            progress.RecordFinished(Ok, wasRunning: false);
        }

        var s = progress.Snapshot();
        Assert.Equal(1.0, s.Rate);                            // the 10 of the last 10 s
        Assert.Equal(TimeSpan.FromSeconds(880), s.Remaining);
        Assert.Equal(12, s.PercentComplete);
    }

    [Fact]
    public void CancelledOutcomes_DoNotCountTowardsTheRate_ButDoTowardsWhatIsLeft()
    {
        var clock = new FakeTimeProvider();
        var progress = new BatchProgress(clock, rateWindow: TimeSpan.FromSeconds(10)) { Total = 4 };
        progress.RecordFinished(Ok, wasRunning: false);
        progress.RecordFinished(Stopped, wasRunning: false);
        clock.Advance(TimeSpan.FromSeconds(1));

        var s = progress.Snapshot();
        Assert.Equal(1.0, s.Rate);
        Assert.Equal(TimeSpan.FromSeconds(2), s.Remaining);
        Assert.Equal(50, s.PercentComplete);
    }

    [Fact]
    public void TotalKnownLate_StillGivesAnEta_AndPercentNeverPasses100()
    {
        var clock = new FakeTimeProvider();
        var progress = new BatchProgress(clock);
        clock.Advance(TimeSpan.FromSeconds(2));
        progress.RecordFinished(Ok, wasRunning: false);
        progress.RecordFinished(Ok, wasRunning: false);
        Assert.Null(progress.Snapshot().Remaining);

        progress.Total = 1;
        var s = progress.Snapshot();
        Assert.Equal(TimeSpan.Zero, s.Remaining);
        Assert.Equal(100, s.PercentComplete);
    }

    [Fact]
    public async Task Runner_FeedsItsProgress_AsWorkFinishes()
    {
        var clock = new FakeTimeProvider();
        var work = new ControlledWork();
        using var runner = new BatchRunner<int, string>(work.Run, new BatchRunnerOptions { MaxConcurrency = 2, TimeProvider = clock });
        var watch = new RunnerWatch(runner);
        runner.Progress.Total = 3;
        Assert.All([0, 1, 2], i => Assert.True(runner.TryPost(i)));
        Assert.Equal(2, runner.Progress.Snapshot().InFlight);

        clock.Advance(TimeSpan.FromSeconds(4));
        work.Succeed(0);
        await watch.Finished(0);

        var s = runner.Progress.Snapshot();
        Assert.Equal((1L, 2), (s.Succeeded, s.InFlight));
        Assert.Equal(0.25, s.Rate);
        Assert.Equal(TimeSpan.FromSeconds(8), s.Remaining);
        work.Succeed(1);
        work.Succeed(2);
        Assert.Equal(3, await Task.Run(() => runner.Complete().Count()).WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
