using System.Diagnostics;
using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;
using Xunit.Abstractions;

namespace VisionPS.Imaging.Tests.Fuzzing;

/// <summary>
/// Hostile input (issue 3 point 6): 10,000 seeded mutations of the shared test images go through identify and decode.
/// Only our own <see cref="ImageFormatException"/> types may come out, and no decode allocates more than the stated
/// bound for the pixel limit in force. The slowest item is printed, not asserted: hangs are the fuzzer's job
/// (fuzz/, issue 11 point 4), where a timeout on an idle core means something; here a busy machine failed it.
/// </summary>
public sealed class MutationCorpusTests(ITestOutputHelper output)
{
    private const int Seed = 20261121;
    private const int Mutations = 10_000;

    /// <summary>The pixel limit the corpus runs with: 4 MP, well above every test image.</summary>
    private const long PixelLimit = 4_000_000;

    /// <summary>
    /// The stated allocation bound for one decode: 16 bytes per allowed pixel (output, plus a progressive JPEG's
    /// coefficients at 4:4:4, plus a PNG's filtered rows), plus four times the file, plus 1 MiB of tables.
    /// </summary>
    private static long AllocationBound(int fileLength) => (16 * PixelLimit) + (4L * fileLength) + (1 << 20);

    [Fact]
    public void Ten_thousand_mutations_raise_only_our_exceptions_within_the_memory_bound()
    {
        (string Name, byte[] Data)[] bases = BaseImages();
        var random = new Random(Seed);
        var options = new DecodeOptions { MaxPixels = PixelLimit };
        var outcomes = new Dictionary<string, int>();
        var failures = new List<string>();
        TimeSpan slowest = TimeSpan.Zero;
        string slowestItem = string.Empty;
        long mostAllocated = 0;

        for (int i = 0; i < Mutations; i++)
        {
            var (name, original) = bases[i % bases.Length];
            var (kind, data) = Mutator.Mutate(original, random);
            string item = $"#{i} {kind} of {name} ({data.Length} bytes)";

            var (outcome, elapsed, allocated) = Run(data, options);

            outcomes[outcome.Split(':')[0]] = outcomes.GetValueOrDefault(outcome.Split(':')[0]) + 1;
            if (outcome.StartsWith("FOREIGN", StringComparison.Ordinal))
            {
                failures.Add($"{item}: {outcome}");
            }

            if (allocated > AllocationBound(data.Length))
            {
                failures.Add($"{item}: allocated {allocated:N0} bytes, over the bound {AllocationBound(data.Length):N0}");
            }

            if (elapsed > slowest)
            {
                (slowest, slowestItem) = (elapsed, item);
            }

            mostAllocated = Math.Max(mostAllocated, allocated);
        }

        output.WriteLine($"{Mutations} mutations of {bases.Length} images, seed {Seed}, pixel limit {PixelLimit:N0}");
        foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value))
        {
            output.WriteLine($"  {count,6}  {outcome}");
        }

        output.WriteLine($"slowest: {slowest.TotalMilliseconds:0.0} ms ({slowestItem}); most allocated by one decode: {mostAllocated:N0} bytes");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Mutations} items failed:\n" + string.Join("\n", failures.Take(25)));
    }

    private static (string Outcome, TimeSpan Elapsed, long Allocated) Run(byte[] data, DecodeOptions options)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        string outcome;
        try
        {
            BuiltInImageEngine.Instance.Identify(data, "fuzz");
            PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(data, options, "fuzz");
            outcome = pixels.Width > 0 ? "decoded" : "FOREIGN: empty buffer";
        }
        catch (ImageFormatException e)
        {
            outcome = e.GetType().Name;
            if (!e.Message.Contains("fuzz", StringComparison.Ordinal))
            {
                outcome = $"FOREIGN: message does not name the source: {e.Message}";
            }
        }
        catch (Exception e)
        {
            outcome = $"FOREIGN: {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }

        watch.Stop();
        return (outcome, watch.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Every manifest image, corrupt ones included (a damaged copy of a damaged file is still input).</summary>
    private static (string, byte[])[] BaseImages() =>
        File.ReadLines(Path.Combine(SharedPaths.TestImages, "MANIFEST.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t')[0])
            .Where(path => !path.StartsWith("exif/landscape_orientation_", StringComparison.Ordinal) || path.EndsWith("_6.jpg", StringComparison.Ordinal))
            .Select(path => (path, File.ReadAllBytes(SharedPaths.Image(path))))
            .Where(image => image.Item2.Length > 0)
            .ToArray();
}
