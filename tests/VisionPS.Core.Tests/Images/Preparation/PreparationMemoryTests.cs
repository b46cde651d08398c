using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using Xunit.Abstractions;

namespace VisionPS.Core.Tests.Images.Preparation;

/// <summary>
/// Steady memory in a session (issue 11 point 1): once the pools are warm, preparing a 12 MP JPEG from its file
/// allocates at most 1 MiB of managed memory for -Detail low (→ 512 px) and at most 2 MiB for → 2048 px. Allocation
/// is counted (GC.GetAllocatedBytesForCurrentThread), not timed.
/// </summary>
public sealed class PreparationMemoryTests(ITestOutputHelper output)
{
    private const long OneMiB = 1024 * 1024;

    private static readonly Lazy<string[]> Photos = new(MakePhotos);

    // Four different 4000x3000 photos (4:2:0, quality 90, a little noise), as a phone makes them.
    private static string[] MakePhotos()
    {
        string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-memory-" + Environment.ProcessId)).FullName;
        return Directory.GetFiles(SharedPaths.Samples, "*.jpg").Order().Take(4).Select(sample =>
        {
            string path = Path.Combine(folder, Path.GetFileName(sample));
            ReferenceTools.Run("convert", [sample, "-resize", "4000x3000^", "-gravity", "center", "-extent", "4000x3000", "-attenuate", "0.3",
                "+noise", "Gaussian", "-sampling-factor", "2x2", "-quality", "90", path], stdin: null);
            return path;
        }).ToArray();
    }

    [Theory]
    [InlineData("low", 0, 1)]
    [InlineData("high", 2048, 2)]
    public void Preparing_a_12MP_photo_in_steady_state_stays_within_the_allocation_budget(string detail, int maxSize, int budgetMiB)
    {
        var options = new ImagePreparationOptions { Model = "gpt-4o", MaxSize = maxSize > 0 ? maxSize : null, MaxEncodedBytes = long.MaxValue };
        string[] photos = Photos.Value;
        foreach (string warmUp in photos.Take(2))
        {
            ImagePartFactory.FromFile(warmUp, detail, options);
        }

        long most = 0;
        foreach (string photo in photos.Skip(2))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            ImagePart part = ImagePartFactory.FromFile(photo, detail, options);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            output.WriteLine($"{Path.GetFileName(photo)} -> {part.Width}x{part.Height}, {part.ByteLength:N0} bytes sent: {allocated / (double)OneMiB:0.00} MiB allocated");
            most = Math.Max(most, allocated);
        }

        Assert.True(most <= budgetMiB * OneMiB, $"{most / (double)OneMiB:0.00} MiB allocated, over the {budgetMiB} MiB budget");
    }
}
