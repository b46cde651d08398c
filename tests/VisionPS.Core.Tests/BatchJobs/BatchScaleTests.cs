using System.Diagnostics;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Models;
using VisionPS.Imaging;
using Xunit.Abstractions;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>
/// Issue 13 point 5: 20,000 small generated images through the test server (in its own process) in three batches.
/// Every input ends as exactly one result or one error, the job file stays small, and the client's live heap stays
/// bounded while the JSONL is written and read: it never holds more than a line or so of it.
/// </summary>
[Collection(MeasuresProcessMemory.Name)]
public class BatchScaleTests
{
    private const int Count = 20_000;
    private readonly ITestOutputHelper _output;

    public BatchScaleTests(ITestOutputHelper output) => _output = output;

    /// <summary>A 24x24 PNG of seeded noise: about 1.8 KB, so 20,000 lines make about 50 MB of JSONL.</summary>
    private static byte[] NoisePng(int index)
    {
        byte[] pixels = new byte[24 * 24 * 3];
        new Random(index).NextBytes(pixels);
        return DefaultImageEngine.Instance.EncodePng(new PixelBuffer(24, 24, PixelLayout.Rgb24, pixels));
    }

    [Fact]
    public async Task Twenty_thousand_images_each_end_as_one_result_or_one_error_with_bounded_memory()
    {
        using var server = new OutOfProcessServer();
        await server.AdminAsync("/_test/batch-faults", "{\"failEveryNthLine\":1000}");
        string folder = BatchHarness.TempFolder();
        using var api = new BatchApiClient(new VisionClientOptions { BaseUrl = server.BaseUrl, ApiKey = new ApiCredential(OutOfProcessServer.Key) });
        ChatSettings settings = BatchHarness.Settings(server.BaseUrl);
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        void Checkpoint() => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        var clock = Stopwatch.StartNew();

        long jsonlBytes;
        using (BatchJobStore store = BatchJobOpener.OpenOrCreate(folder, server.BaseUrl, settings.Model!, BatchHarness.Prompt, "shape", out _))
        using (var submitter = new BatchSubmitter(store, api, "/v1/chat/completions", new BatchLimits { MaxRequests = 8_000 }, ModelCatalog.BuiltIn.Find("gpt-4o"), null, _ => { }))
        {
            for (int i = 0; i < Count; i++)
            {
                string source = $"/photos/scan-{i:D5}.png";
                await submitter.AddAsync(ChatCallBuilder.Build(settings, BatchHarness.Prompt, [ImagePartFactory.FromBytes(NoisePng(i), source)]), source, default);
                if (i % 2_000 == 1_999)
                {
                    Checkpoint();
                }
            }

            await submitter.FinishAsync(default);
            jsonlBytes = store.State.Parts.Sum(p => p.Bytes);
            Assert.Equal([8_000, 8_000, 4_000], store.State.Parts.Select(p => p.Count));
        }

        TimeSpan submitted = clock.Elapsed;
        long jobFileBytes = new FileInfo(Path.Combine(folder, BatchJobStore.JobFileName)).Length;
        await server.AdminAsync("/_test/clock", "{\"advanceSeconds\":300}");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        int results = 0, errors = 0, received = 0;
        await BatchHarness.ReceiveAsync(folder, api, item =>
        {
            Assert.True(seen.Add(item.CustomId), $"{item.CustomId} was handed over twice");
            Assert.True(item.Result is null ^ item.Error is null);
            if (item.Result is not null)
            {
                results++;
            }
            else
            {
                errors++;
            }

            if (++received % 2_000 == 0)
            {
                Checkpoint();
            }
        });

        _output.WriteLine($"submit {submitted.TotalSeconds:0.0} s, receive {(clock.Elapsed - submitted).TotalSeconds:0.0} s; JSONL {jsonlBytes / 1048576.0:0.0} MB; job.json {jobFileBytes:N0} bytes; received.log {new FileInfo(Path.Combine(folder, BatchJobStore.ReceivedLogName)).Length:N0} bytes; peak live heap above baseline {peak / 1048576.0:0.0} MB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB");
        Assert.Equal(Count, seen.Count);
        Assert.Equal((Count - 20, 20), (results, errors)); // every 1000th line of each batch fails: 8 + 8 + 4 per 1000
        Assert.InRange(jobFileBytes, 1, 512 * 1024);
        // The JSONL is about 50 MB; holding it (or the results' requests) would show here many times over.
        Assert.InRange(peak, 0, Math.Max(16L * 1024 * 1024, jsonlBytes / 4));
        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>The heap measure is the whole process's: tests in this collection run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresProcessMemory
{
    public const string Name = "Measures process memory";
}
