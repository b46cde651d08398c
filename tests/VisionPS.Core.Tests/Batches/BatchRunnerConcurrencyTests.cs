using VisionPS.Core.Batches;

namespace VisionPS.Core.Tests.Batches;

public class BatchRunnerConcurrencyTests
{
    private static BatchRunner<int, string> Runner(ControlledWork work, int n, int? queue = null, bool ordered = false, int? window = null) =>
        new(work.Run, new BatchRunnerOptions { MaxConcurrency = n, QueueLimit = queue, PreserveOrder = ordered, ReorderWindow = window });

    [Fact]
    public async Task NeverMoreThanN_RunAtOnce_AndTheQueueRefillsFreedSlots()
    {
        var work = new ControlledWork();
        using var runner = Runner(work, n: 3, queue: 3);
        var watch = new RunnerWatch(runner);
        for (int i = 0; i < 6; i++)
        {
            Assert.True(runner.TryPost(i));
        }

        Assert.False(runner.TryPost(6));
        Assert.Equal(3, runner.RunningCount);

        for (int i = 0; i < 6; i++)
        {
            await PipelineThread.Guard(work.WhenStarted(i));
            work.Succeed(i);
            await watch.Finished(i);
        }

        var outcomes = runner.Complete().ToList();
        Assert.Equal(6, outcomes.Count);
        Assert.Equal(3, work.MaxRunning);
        Assert.Equal(6, work.StartedCount);
    }

    [Fact]
    public async Task PostAndDrain_BlocksAtCapacity_AndYieldsCompletionsWhileWaiting()
    {
        var work = new ControlledWork();
        using var runner = Runner(work, n: 2, queue: 0);
        var watch = new RunnerWatch(runner);
        var pipeline = new PipelineThread(runner, Enumerable.Range(0, 3));

        await watch.CallerBlocked;
        Assert.Equal(2, runner.PostedCount);
        Assert.Equal(2, runner.RunningCount);

        await PipelineThread.Guard(work.WhenStarted(1));
        work.Succeed(1);
        var first = await pipeline.NextAsync();
        Assert.Equal(1, first.Index);
        Assert.Equal("out1", first.Output);

        await PipelineThread.Guard(work.WhenStarted(2));
        Assert.Equal(3, runner.PostedCount);
        work.Succeed(0);
        work.Succeed(2);
        var rest = await pipeline.RestAsync();
        Assert.Equal([0, 2], rest.Select(o => o.Index).Order());
        Assert.Equal(2, work.MaxRunning);
    }

    [Fact]
    public async Task PreserveOrder_StopsStartingPastTheWindow_WhenTheHeadIsSlow()
    {
        var work = new ControlledWork();
        using var runner = Runner(work, n: 2, queue: 10, ordered: true, window: 1);
        var watch = new RunnerWatch(runner);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(runner.TryPost(i));
        }

        // Item 0 stays slow; later items may run only up to index 0 + N + window - 1 = 2.
        await PipelineThread.Guard(work.WhenStarted(1));
        work.Succeed(1);
        await watch.Finished(1);
        Assert.Equal(2, runner.RunningCount);

        await PipelineThread.Guard(work.WhenStarted(2));
        work.Succeed(2);
        await watch.Finished(2);
        Assert.Equal(1, runner.RunningCount);
        Assert.Empty(runner.TakeCompleted());

        work.Succeed(0);
        await watch.Finished(0);
        Assert.Equal([0, 1, 2], runner.TakeCompleted().Select(o => o.Index));
        Assert.Equal(2, runner.RunningCount);
        Assert.False(work.HasStarted(5));

        for (int i = 3; i < 10; i++)
        {
            await PipelineThread.Guard(work.WhenStarted(i));
            work.Succeed(i);
            await watch.Finished(i);
        }

        Assert.Equal(Enumerable.Range(3, 7).Select(i => (long)i), runner.Complete().Select(o => o.Index));
    }
}
