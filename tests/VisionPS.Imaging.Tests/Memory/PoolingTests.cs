using VisionPS.Imaging;
using VisionPS.Imaging.Memory;
using VisionPS.Imaging.Tests.Fuzzing;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Memory;

/// <summary>
/// The pools behind steady memory (issue 11 point 1): every path gives back what it rented, damaged input included,
/// and an array that goes back never shows its old image to the next one.
/// </summary>
public sealed class PoolingTests
{
    private static readonly DecodeOptions Limited = new() { MaxPixels = 4_000_000 };

    [Fact]
    public void Every_decode_of_the_hostile_corpus_returns_what_it_rented()
    {
        var random = new Random(20261203);
        var leaks = new List<string>();
        string[] bases = Directory.GetFiles(SharedPaths.TestImages, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tsv") && !f.EndsWith(".md")).Order().ToArray();
        foreach (string path in bases)
        {
            byte[] original = File.ReadAllBytes(path);
            for (int i = 0; i < 40; i++)
            {
                byte[] data = i == 0 || original.Length == 0 ? original : Mutator.Mutate(original, random).Data;
                int before = ScratchArrays.Outstanding;
                try
                {
                    using PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(data, Limited with { MinimumWidth = i % 2, MinimumHeight = i % 2 }, "hostile");
                    BuiltInImageEngine.Instance.EncodeJpeg(pixels, 85);
                }
                catch (ImageFormatException)
                {
                }

                if (ScratchArrays.Outstanding != before)
                {
                    leaks.Add($"{Path.GetFileName(path)} #{i}: {ScratchArrays.Outstanding - before} arrays not returned");
                }
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(20)));
    }

    [Fact]
    public void A_buffer_given_back_is_zeroed_before_anyone_else_gets_it()
    {
        var pixels = new PixelBuffer(300, 300, PixelLayout.Rgb24);
        byte[] array = pixels.Data;
        array.AsSpan().Fill(0xAB);

        pixels.Dispose();

        Assert.True(array.AsSpan().IndexOfAnyExcept((byte)0) < 0, "a returned pixel array still holds image bytes");
    }

    [Fact]
    public void A_JPEG_decodes_the_same_whatever_image_the_pools_held_before()
    {
        string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-pool-" + Environment.ProcessId)).FullName;
        string first = Path.Combine(folder, "first.jpg"), second = Path.Combine(folder, "second.jpg");
        ReferenceTools.Run("convert", ["-size", "640x480", "plasma:red-yellow", "-seed", "1", "-quality", "90", first], stdin: null);
        ReferenceTools.Run("convert", ["-size", "640x480", "gradient:blue-green", "-quality", "90", "-interlace", "JPEG", second], stdin: null);
        byte[] secondBytes = File.ReadAllBytes(second);

        byte[] alone = DecodeCopy(secondBytes);
        for (int i = 0; i < 3; i++)
        {
            using PixelBuffer other = BuiltInImageEngine.Instance.Decode(File.ReadAllBytes(first), DecodeOptions.Default, "first.jpg");
        }

        Assert.Equal(alone, DecodeCopy(secondBytes));
        Assert.Equal(ReferenceTools.Djpeg(second).Data, alone);
    }

    private static byte[] DecodeCopy(byte[] jpeg)
    {
        using PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(jpeg, DecodeOptions.Default, "cut.jpg");
        return pixels.Data.ToArray();
    }
}
