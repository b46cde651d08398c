using VisionPS.Core.Batches;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Batches;

public class BatchRunnerOutcomeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThousandInputs_WithRandomFailures_EachYieldsExactlyOneOutcome(bool preserveOrder)
    {
        var random = new Random(20250105);
        var failing = Enumerable.Range(0, 1000).Where(_ => random.NextDouble() < 0.2).ToHashSet();
        int running = 0, maxRunning = 0;
        async Task<string> Work(int input, CancellationToken ct)
        {
            int now = Interlocked.Increment(ref running);
            int seen;
            while (now > (seen = Volatile.Read(ref maxRunning)) && Interlocked.CompareExchange(ref maxRunning, now, seen) != seen)
            {
            }

            try
            {
                await Task.Yield();
                return failing.Contains(input) ? throw new InvalidOperationException("boom " + input) : "out" + input;
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }

        using var runner = new BatchRunner<int, string>(Work, new BatchRunnerOptions { MaxConcurrency = 8, PreserveOrder = preserveOrder, QueueLimit = 2 });
        var outcomes = await Task.Run(() =>
        {
            var written = new List<BatchOutcome<int, string>>();
            foreach (int i in Enumerable.Range(0, 1000))
            {
                written.AddRange(runner.PostAndDrain(i));
            }

            written.AddRange(runner.Complete());
            return written;
        }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 1000), outcomes.Select(o => o.Input).Order());
        Assert.All(outcomes, o => Assert.Equal(o.Index, o.Input));
        Assert.Equal(failing.Order(), outcomes.Where(o => o.Failed).Select(o => o.Input).Order());
        Assert.All(outcomes.Where(o => o.Failed), o => Assert.Equal("boom " + o.Input, Assert.IsType<InvalidOperationException>(o.Exception).Message));
        Assert.All(outcomes.Where(o => o.Succeeded), o => Assert.Equal("out" + o.Input, o.Output));
        Assert.DoesNotContain(outcomes, o => o.IsCancelled);
        Assert.InRange(maxRunning, 1, 8);
        if (preserveOrder)
        {
            Assert.Equal(Enumerable.Range(0, 1000), outcomes.Select(o => o.Input));
        }

        var summary = runner.GetSummary();
        Assert.Equal((1000 - failing.Count, failing.Count, 0L), (summary.Succeeded, summary.Failed, summary.Cancelled));
    }

    [Fact]
    public void WorkThatThrowsBeforeItsFirstAwait_BecomesAnOutcome()
    {
        using var runner = new BatchRunner<int, string>((i, _) => i == 1 ? throw new FormatException("sync") : Task.FromResult("ok"));
        var outcomes = runner.PostAndDrain(0).Concat(runner.PostAndDrain(1)).ToList();
        outcomes.AddRange(runner.Complete());

        Assert.Equal(2, outcomes.Count);
        var failed = Assert.Single(outcomes, o => o.Failed);
        Assert.Equal(1, failed.Input);
        Assert.IsType<FormatException>(failed.Exception);
        Assert.False(failed.IsCancelled);
    }

    [Fact]
    public async Task Elapsed_RunsFromStartToEnd_OnTheInjectedClock()
    {
        var clock = new FakeTimeProvider();
        var work = new ControlledWork();
        using var runner = new BatchRunner<int, string>(work.Run, new BatchRunnerOptions { TimeProvider = clock });
        var watch = new RunnerWatch(runner);
        Assert.Empty(runner.PostAndDrain(7).ToList());
        await PipelineThread.Guard(work.WhenStarted(7));
        clock.Advance(TimeSpan.FromSeconds(2.5));
        work.Succeed(7);
        await watch.Finished(0);

        var outcome = Assert.Single(runner.Complete());
        Assert.Equal(TimeSpan.FromSeconds(2.5), outcome.Elapsed);
        Assert.Equal("out7", outcome.Output);
    }

    [Fact]
    public void PostAndDrainResult_NotEnumerated_IsCaughtAtComplete()
    {
        using var runner = new BatchRunner<int, string>((i, _) => Task.FromResult("x"));
        _ = runner.PostAndDrain(1);

        Assert.Throws<InvalidOperationException>(() => runner.Complete());
    }

    [Fact]
    public void Posting_AfterComplete_Throws()
    {
        using var runner = new BatchRunner<int, string>((i, _) => Task.FromResult("x"));
        Assert.Empty(runner.Complete());

        Assert.Throws<InvalidOperationException>(() => runner.TryPost(1));
        Assert.Throws<InvalidOperationException>(() => runner.PostAndDrain(1));
    }

    [Fact]
    public void Options_AreValidated()
    {
        Task<string> Work(int i, CancellationToken ct) => Task.FromResult("x");
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchRunner<int, string>(Work, new BatchRunnerOptions { MaxConcurrency = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchRunner<int, string>(Work, new BatchRunnerOptions { QueueLimit = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchRunner<int, string>(Work, new BatchRunnerOptions { ReorderWindow = -1 }));
    }
}
