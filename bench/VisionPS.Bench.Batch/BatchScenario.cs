using VisionPS;
using System.Diagnostics;
using VisionPS.Core.Batches;
using VisionPS.Core.Resilience.RateLimits;

namespace VisionPS.Bench.Batch;

internal sealed record BatchResult(string Name, int Requests, int Concurrency, int? RequestsPerMinute, TimeSpan Elapsed, TimeSpan Ideal, TimeSpan IssueIdeal, int Failed, TimeSpan ProcessCpu, long ProcessAllocated)
{
    /// <summary>Ideal over measured: 1 is a client with no cost of its own.</summary>
    public double Ratio => Ideal / Elapsed;

    public double IssueRatio => IssueIdeal / Elapsed;
}

/// <summary>
/// One batch as a cmdlet drives it: a plain thread posts every input to a <see cref="BatchRunner{TInput,TOutput}"/>
/// and takes the outcomes, then completes it.
/// </summary>
internal static class BatchScenario
{
    public static BatchResult Run(string name, Uri baseUrl, TimeSpan latency, int requests, int concurrency, int? requestsPerMinute)
    {
        RequestRateLimiter? limiter = requestsPerMinute is null ? null : RateLimiting.CreateLimiter(requestsPerMinute, null, null);
        using var stack = new OurStack(baseUrl, limiter);
        using var batch = stack.CreateBatch(concurrency);
        batch.Progress.Total = requests;

        int failed = 0;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();

        var caller = new Thread(() =>
        {
            for (int i = 0; i < requests; i++)
            {
                foreach (var outcome in batch.PostAndDrain(i))
                {
                    failed += Count(outcome);
                }
            }

            foreach (var outcome in batch.Complete())
            {
                failed += Count(outcome);
            }
        })
        { Name = "pipeline" };
        caller.Start();
        caller.Join();

        TimeSpan elapsed = watch.Elapsed;
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        TimeSpan ideal = IdealSchedule.Makespan(requests, concurrency, latency, requestsPerMinute);
        TimeSpan issueIdeal = requestsPerMinute is int rpm
            ? TimeSpan.FromMinutes((double)requests / rpm)
            : latency * requests / concurrency;
        return new BatchResult(name, requests, concurrency, requestsPerMinute, elapsed, ideal, issueIdeal, failed, cpu, allocated);
    }

    private static int Count(BatchOutcome<int, ChatResult> outcome)
    {
        if (outcome.Succeeded && outcome.Output!.Text.Length > 0)
        {
            return 0;
        }

        Console.Error.WriteLine($"input {outcome.Input}: {outcome.Exception?.Message ?? "empty answer"}");
        return 1;
    }
}
