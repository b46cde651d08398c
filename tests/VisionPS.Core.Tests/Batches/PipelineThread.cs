using System.Threading.Channels;
using VisionPS.Core.Batches;

namespace VisionPS.Core.Tests.Batches;

/// <summary>
/// Plays PowerShell's pipeline thread on a thread of its own: posts the inputs, then completes, "writing" each
/// outcome into a channel the test reads. The test thread stays free to finish work items.
/// </summary>
internal sealed class PipelineThread
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly Channel<BatchOutcome<int, string>> _written = Channel.CreateUnbounded<BatchOutcome<int, string>>();

    public PipelineThread(BatchRunner<int, string> runner, IEnumerable<int> inputs)
    {
        Done = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (int input in inputs)
                    {
                        foreach (var outcome in runner.PostAndDrain(input))
                        {
                            _written.Writer.TryWrite(outcome);
                        }
                    }

                    foreach (var outcome in runner.Complete())
                    {
                        _written.Writer.TryWrite(outcome);
                    }
                }
                finally
                {
                    _written.Writer.TryComplete();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public Task Done { get; }

    /// <summary>The next outcome written; the guard only turns a hang into a failure.</summary>
    public async Task<BatchOutcome<int, string>> NextAsync() => await _written.Reader.ReadAsync().AsTask().WaitAsync(HangGuard);

    public async Task<List<BatchOutcome<int, string>>> RestAsync()
    {
        await Done.WaitAsync(HangGuard);
        var rest = new List<BatchOutcome<int, string>>();
        await foreach (var outcome in _written.Reader.ReadAllAsync())
        {
            rest.Add(outcome);
        }

        return rest;
    }

    public static Task Guard(Task task) => task.WaitAsync(HangGuard);
}
