using VisionPS;
using System.Globalization;
using VisionPS.Bench.Batch;
using VisionPS.Core.Batches;
using VisionPS.TestServer;

// Batch benchmark (issue 5 point 9). Run: dotnet run -c Release --project bench/VisionPS.Bench.Batch [-- --quick]
// The test server runs in this process; about 2.5 minutes, of which 60 s are the rate-limit case.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
bool quick = args.Contains("--quick");
TimeSpan latency = TimeSpan.FromMilliseconds(200);

Console.WriteLine($"# VisionPS batch benchmark — {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; in-process test server, small text-only streamed requests, " +
    "through BatchRunner + ChatJobRunner + RetryingChatRunner + ChatRunner, driven from a plain thread as the cmdlet does.");
Console.WriteLine();

var results = new List<BatchResult>();
await using (var slow = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = OurStack.Key, Latency = latency }))
{
    // Warm-up (JIT, connection pool), not reported.
    BatchScenario.Run("warm-up", slow.BaseUrl, latency, 64, 64, null);

    int many = quick ? 200 : 1000;
    results.Add(BatchScenario.Run("1 in flight", slow.BaseUrl, latency, quick ? 10 : 50, 1, null));
    results.Add(BatchScenario.Run("4 in flight", slow.BaseUrl, latency, many, 4, null));
    results.Add(BatchScenario.Run("16 in flight", slow.BaseUrl, latency, many, 16, null));
    results.Add(BatchScenario.Run("64 in flight", slow.BaseUrl, latency, many, 64, null));

    // 600 QPM: the first 600 start at once (the sliding window's burst), the next ones only as the first leave the
    // window 60 s later; so the 100 beyond the burst measure how closely the limiter follows its window.
    int rpm = quick ? 60 : 600;
    results.Add(BatchScenario.Run($"{rpm} QPM, 64 in flight", slow.BaseUrl, latency, rpm + rpm / 6, 64, rpm));
}

Console.WriteLine("## Throughput against the test server with 200 ms latency per request");
Console.WriteLine();
Console.WriteLine("| Case | Requests | Failed | Elapsed | Ideal (schedule) | Ratio | N×latency/C or N/QPM | Ratio to that | Process CPU / request | Process alloc / request |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Name} | {r.Requests:N0} | {r.Failed} | {r.Elapsed.TotalSeconds:0.000} s | {r.Ideal.TotalSeconds:0.000} s | **{r.Ratio:0.000}** | " +
        $"{r.IssueIdeal.TotalSeconds:0.000} s | {r.IssueRatio:0.000} | {r.ProcessCpu.TotalMilliseconds / r.Requests:0.00} ms | {r.ProcessAllocated / 1024.0 / r.Requests:0.0} KiB |");
}

Console.WriteLine();
Console.WriteLine("Ratio = ideal / elapsed (1 = a client that costs nothing). Ideal (schedule) = the makespan of a zero-cost client: " +
    "each request starts when a slot is free and, with a limit, once the request R places before it has left the 60 s window, " +
    "so ceil(N/C) × latency without a limit; for 700 at 600 QPM and 64 in flight, 60 s + 2 × latency (the last 100 wait for the burst's first and second rounds to leave the window). " +
    "N×latency/C ignores the partly filled last round (1,000/64); N/QPM (70 s for 700) assumes a steady 10 requests/s, which the sliding window " +
    "beats by letting the first minute's 600 go at once, hence a ratio above 1. Process CPU and allocations include the in-process server and background JIT, and short runs are dominated by fixed costs: the client's own cost is measured below.");
Console.WriteLine();

await using (var fast = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = OurStack.Key }))
{
    using var stack = new OurStack(fast.BaseUrl);
    var sdk = new SdkClient(fast.BaseUrl);
    int rounds = quick ? 3 : 10;
    int perRound = quick ? 100 : 300;
    var overhead = Overhead.Measure(
        rounds,
        perRound,
        ("OpenAI SDK 2.15 ChatClient.CompleteChatStreamingAsync", Overhead.OneByOne(sdk.RunAsync)),
        ("VisionPS ChatRunner", Overhead.OneByOne(i => stack.Plain.RunAsync(stack.Call(i), null))),
        ("VisionPS ChatJobRunner + RetryingChatRunner + ChatRunner", Overhead.OneByOne(i => stack.RunJob(i, CancellationToken.None))),
        ("VisionPS BatchRunner (1 in flight) + the above", (first, count) => RunBatch(stack, first, count)));

    Console.WriteLine("## Per-request cost, zero-latency server, one request at a time");
    Console.WriteLine();
    Console.WriteLine("| Client | Requests | CPU / request | vs SDK | Allocated / request | vs SDK | Wall / request |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    OverheadResult baseline = overhead[0];
    foreach (var o in overhead)
    {
        Console.WriteLine($"| {o.Name} | {o.Requests:N0} | {o.CpuUsPerRequest:0} µs | {o.CpuUsPerRequest / baseline.CpuUsPerRequest:0.00} | " +
            $"{o.AllocatedBytesPerRequest / 1024:0.0} KiB | {o.AllocatedBytesPerRequest / baseline.AllocatedBytesPerRequest:0.00} | {o.WallUsPerRequest:0} µs |");
    }

    Console.WriteLine();
    Console.WriteLine($"{rounds} interleaved rounds of {perRound} requests per client after a warm-up round. CPU (process time) and allocations " +
        "(all threads) include the in-process server's share, the same for every client, so a ratio understates the difference between clients.");
}

return results.Sum(r => r.Failed) == 0 ? 0 : 1;

static void RunBatch(OurStack stack, int first, int count)
{
    using BatchRunner<int, ChatResult> batch = stack.CreateBatch(1);
    for (int i = first; i < first + count; i++)
    {
        foreach (var outcome in batch.PostAndDrain(i))
        {
            Check(outcome);
        }
    }

    foreach (var outcome in batch.Complete())
    {
        Check(outcome);
    }
}

static void Check(BatchOutcome<int, ChatResult> outcome)
{
    if (!outcome.Succeeded)
    {
        throw new InvalidOperationException($"input {outcome.Input} failed", outcome.Exception);
    }
}
