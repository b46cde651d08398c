using VisionPS.Core.Batches;

namespace VisionPS.Core.Tests.Batches;

public class BatchRunnerCancellationTests
{
    private sealed class AuthFailed() : Exception("401");

    [Fact]
    public async Task Cancel_CancelsRunningWork_StartsNothingMore_AndCompleteReturnsWithEveryTaskFinished()
    {
        var work = new ControlledWork();
        using var runner = new BatchRunner<int, string>(work.Run, new BatchRunnerOptions { MaxConcurrency = 2, QueueLimit = 3 });
        var watch = new RunnerWatch(runner);
        for (int i = 0; i < 5; i++)
        {
            Assert.Empty(runner.PostAndDrain(i));
        }

        await PipelineThread.Guard(work.WhenStarted(0));
        work.Succeed(0);
        await watch.Finished(0);
        await PipelineThread.Guard(work.WhenStarted(1));
        await PipelineThread.Guard(work.WhenStarted(2));

        await PipelineThread.Guard(Task.Run(runner.Cancel));
        var afterStop = runner.PostAndDrain(5).ToList();
        var outcomes = await Task.Run(() => afterStop.Concat(runner.Complete()).ToList()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([0, 1, 2, 3, 4, 5], outcomes.Select(o => o.Input).Order());
        Assert.True(outcomes.Single(o => o.Input == 0).Succeeded);
        Assert.All(outcomes.Where(o => o.Input != 0), o => Assert.True(o.IsCancelled && !o.Failed && !o.Succeeded));
        Assert.Equal(3, work.StartedCount);
        Assert.All(work.Tasks, t => Assert.True(t.IsCompleted));
        Assert.Equal(0, runner.RunningCount);
        Assert.True(runner.IsStopping);
        Assert.Null(runner.FatalOutcome);
        var summary = runner.GetSummary();
        Assert.Equal((1L, 0L, 5L), (summary.Succeeded, summary.Failed, summary.Cancelled));
    }

    [Fact]
    public async Task CancelFromAnotherThread_WhileTheCallerWaitsInComplete_ReleasesIt()
    {
        var work = new ControlledWork();
        using var runner = new BatchRunner<int, string>(work.Run, new BatchRunnerOptions { MaxConcurrency = 2 });
        var watch = new RunnerWatch(runner);
        var pipeline = new PipelineThread(runner, [0, 1]);
        await watch.CallerBlocked;

        runner.Cancel();
        var outcomes = await pipeline.RestAsync();

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.IsCancelled));
        Assert.All(work.Tasks, t => Assert.True(t.IsCanceled));
    }

    [Fact]
    public async Task FailureAfterTheStop_CountsAsCancelled_NotAsAnError()
    {
        var work = new ControlledWork(honourCancellation: false);
        using var runner = new BatchRunner<int, string>(work.Run, new BatchRunnerOptions { MaxConcurrency = 1 });
        var watch = new RunnerWatch(runner);
        Assert.Empty(runner.PostAndDrain(0));
        await PipelineThread.Guard(work.WhenStarted(0));

        // Stands for a request whose connection was torn down by the cancellation.
        runner.Cancel();
        work.Fail(0, new HttpRequestException("connection reset"));
        var outcome = (await watch.Finished(0));

        Assert.True(outcome.IsCancelled);
        Assert.False(outcome.Failed);
        Assert.Single(runner.Complete());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FatalError_StopsTheRest_AndComesOutFirst(bool preserveOrder)
    {
        var work = new ControlledWork();
        using var runner = new BatchRunner<int, string>(work.Run, new BatchRunnerOptions
        {
            MaxConcurrency = 3, QueueLimit = 5, PreserveOrder = preserveOrder, IsFatal = e => e is AuthFailed,
        });
        var watch = new RunnerWatch(runner);
        for (int i = 0; i < 8; i++)
        {
            Assert.Empty(runner.PostAndDrain(i));
        }

        await PipelineThread.Guard(work.WhenStarted(1));
        work.Succeed(1);
        await watch.Finished(1);
        await PipelineThread.Guard(work.WhenStarted(2));
        work.Fail(2, new InvalidOperationException("ordinary"));
        await watch.Finished(2);
        await PipelineThread.Guard(work.WhenStarted(4));
        work.Fail(4, new AuthFailed());
        await watch.Finished(4);

        var outcomes = await Task.Run(() => runner.Complete().ToList()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcomes[0].IsFatal);
        Assert.Equal(4, outcomes[0].Input);
        Assert.Same(outcomes[0], runner.FatalOutcome);
        Assert.Equal(Enumerable.Range(0, 8), outcomes.Select(o => o.Input).Order());
        Assert.True(outcomes.Single(o => o.Input == 1).Succeeded);
        Assert.True(outcomes.Single(o => o.Input == 2).Failed);
        Assert.All(outcomes.Where(o => o.Input is 0 or 3 or 5 or 6 or 7), o => Assert.True(o.IsCancelled));
        Assert.Equal(5, work.StartedCount);
        Assert.All(work.Tasks, t => Assert.True(t.IsCompleted));
        if (preserveOrder)
        {
            Assert.Equal([0, 1, 2, 3, 5, 6, 7], outcomes.Skip(1).Select(o => o.Input));
        }
    }

    [Fact]
    public async Task AbandoningComplete_CancelsAndAwaitsTheRest()
    {
        var work = new ControlledWork();
        var runner = new BatchRunner<int, string>(work.Run, new BatchRunnerOptions { MaxConcurrency = 2 });
        var watch = new RunnerWatch(runner);
        Assert.Empty(runner.PostAndDrain(0));
        Assert.Empty(runner.PostAndDrain(1));
        await PipelineThread.Guard(work.WhenStarted(0));
        await PipelineThread.Guard(work.WhenStarted(1));
        work.Succeed(0);
        await watch.Finished(0);

        // As when a downstream Select-Object -First stops the pipeline after the first result.
        var first = await Task.Run(() => runner.Complete().First()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, first.Input);
        Assert.True(runner.IsStopping);
        Assert.Equal(0, runner.RunningCount);
        Assert.All(work.Tasks, t => Assert.True(t.IsCompleted));
        runner.Dispose();
    }
}
