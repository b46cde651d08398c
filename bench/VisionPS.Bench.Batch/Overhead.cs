using System.Diagnostics;

namespace VisionPS.Bench.Batch;

internal sealed record OverheadResult(string Name, int Requests, double CpuUsPerRequest, double AllocatedBytesPerRequest, double WallUsPerRequest);

/// <summary>
/// Per-request cost of a client against a zero-latency server, one request at a time. The server runs in this
/// process, so CPU and allocations include its share; it is the same for every contender, so differences are the
/// clients'. Contenders alternate round by round so that machine noise hits them alike.
/// </summary>
internal static class Overhead
{
    public static IReadOnlyList<OverheadResult> Measure(int rounds, int perRound, params (string Name, Action<int, int> Run)[] contenders)
    {
        int next = 0;
        foreach (var (_, run) in contenders)
        {
            RunRound(run, perRound, ref next); // warm-up: JIT, tiering, connection pools
        }

        var cpu = new TimeSpan[contenders.Length];
        var allocated = new long[contenders.Length];
        var wall = new TimeSpan[contenders.Length];
        var process = Process.GetCurrentProcess();
        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < contenders.Length; c++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                process.Refresh();
                TimeSpan cpuBefore = process.TotalProcessorTime;
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                RunRound(contenders[c].Run, perRound, ref next);
                wall[c] += watch.Elapsed;
                allocated[c] += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                process.Refresh();
                cpu[c] += process.TotalProcessorTime - cpuBefore;
            }
        }

        int total = rounds * perRound;
        return contenders.Select((c, i) => new OverheadResult(
            c.Name,
            total,
            cpu[i].TotalMicroseconds / total,
            (double)allocated[i] / total,
            wall[i].TotalMicroseconds / total)).ToArray();
    }

    /// <summary>A contender that sends <c>count</c> requests one after another, from input <c>first</c> on.</summary>
    public static Action<int, int> OneByOne(Func<int, Task> request) => (first, count) =>
        Task.Run(async () =>
        {
            for (int i = first; i < first + count; i++)
            {
                await request(i);
            }
        }).GetAwaiter().GetResult();

    private static void RunRound(Action<int, int> run, int count, ref int next)
    {
        run(next, count);
        next += count;
    }
}
