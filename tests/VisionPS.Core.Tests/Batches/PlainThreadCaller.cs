using VisionPS.Core.Batches;

namespace VisionPS.Core.Tests.Batches;

/// <summary>
/// Drives a runner from a plain thread as a cmdlet does: PostAndDrain per input, then Complete, keeping every
/// outcome it is handed.
/// </summary>
internal static class PlainThreadCaller
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    public static Task<List<BatchOutcome<TInput, TOutput>>> Run<TInput, TOutput>(BatchRunner<TInput, TOutput> runner, IEnumerable<TInput> inputs)
    {
        var done = new TaskCompletionSource<List<BatchOutcome<TInput, TOutput>>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var written = new List<BatchOutcome<TInput, TOutput>>();
                foreach (TInput input in inputs)
                {
                    written.AddRange(runner.PostAndDrain(input));
                }

                written.AddRange(runner.Complete());
                done.SetResult(written);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "pipeline",
        };
        thread.Start();

        // The guard only turns a hang into a failure.
        return done.Task.WaitAsync(HangGuard);
    }
}
