using System.Collections.Concurrent;

namespace VisionPS.Core.Tests.Batches;

/// <summary>
/// Work whose items finish only when the test says so. Tracks how many run at once, and honours cancellation.
/// </summary>
internal sealed class ControlledWork
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _items = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _started = new();
    private readonly ConcurrentBag<Task<string>> _tasks = [];
    private int _running;
    private int _maxRunning;
    private int _startedCount;
    private readonly bool _honourCancellation;

    /// <param name="honourCancellation">False stands for work that fails in its own way once cancelled.</param>
    public ControlledWork(bool honourCancellation = true) => _honourCancellation = honourCancellation;

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public int StartedCount => Volatile.Read(ref _startedCount);

    public IReadOnlyCollection<Task<string>> Tasks => _tasks;

    public async Task<string> Run(int input, CancellationToken cancellationToken)
    {
        int now = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, now);
        Interlocked.Increment(ref _startedCount);
        var item = Item(input);
        _tasks.Add(item.Task);
        using var registration = _honourCancellation ? cancellationToken.Register(() => item.TrySetCanceled(cancellationToken)) : default;
        Started(input).TrySetResult();
        try
        {
            return await item.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task WhenStarted(int input) => Started(input).Task;

    public bool HasStarted(int input) => _started.TryGetValue(input, out var s) && s.Task.IsCompleted;

    public void Succeed(int input) => Item(input).SetResult("out" + input);

    public void Fail(int input, Exception error) => Item(input).SetException(error);

    private TaskCompletionSource<string> Item(int input) =>
        _items.GetOrAdd(input, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Started(int input) =>
        _started.GetOrAdd(input, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
