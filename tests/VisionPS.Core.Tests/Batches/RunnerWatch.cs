using System.Collections.Concurrent;
using VisionPS.Core.Batches;

namespace VisionPS.Core.Tests.Batches;

/// <summary>Lets a test wait until the runner has recorded an item (and started what follows it).</summary>
internal sealed class RunnerWatch
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<BatchOutcome<int, string>>> _finished = new();
    private readonly TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RunnerWatch(BatchRunner<int, string> runner)
    {
        runner.ItemFinished += outcome => Slot(outcome.Index).TrySetResult(outcome);
        runner.CallerBlocking += () => _blocked.TrySetResult();
    }

    public Task<BatchOutcome<int, string>> Finished(long index) => PipelineThreadGuard(Slot(index).Task);

    /// <summary>Completes the first time the caller's thread blocks inside the runner.</summary>
    public Task CallerBlocked => PipelineThread.Guard(_blocked.Task);

    private TaskCompletionSource<BatchOutcome<int, string>> Slot(long index) =>
        _finished.GetOrAdd(index, _ => new TaskCompletionSource<BatchOutcome<int, string>>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static async Task<BatchOutcome<int, string>> PipelineThreadGuard(Task<BatchOutcome<int, string>> task)
    {
        await PipelineThread.Guard(task);
        return await task;
    }
}
