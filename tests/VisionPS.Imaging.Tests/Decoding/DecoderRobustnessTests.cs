using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Decoding;

/// <summary>Damaged PNG, GIF and BMP data fails only with the library's own exceptions.</summary>
public sealed class DecoderRobustnessTests
{
    public static TheoryData<string> CorruptFiles => new()
    {
        "corrupt/png_truncated_50pct.png",
        "corrupt/png_bad_idat_crc_xcsn0g01.png",
        "corrupt/gif_static_truncated_50pct.gif",
        "corrupt/bmp_truncated_50pct.bmp",
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Corrupt_manifest_file_fails_with_a_corrupt_data_exception(string path)
    {
        byte[] data = File.ReadAllBytes(SharedPaths.Image(path));
        var error = Assert.ThrowsAny<ImageFormatException>(() => BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default, path));
        Assert.True(error is CorruptImageDataException or InvalidImageContentException, error.GetType().Name + ": " + error.Message);
    }

    public static TheoryData<string> ValidFiles => DecodingFixtures.ManifestImages("png", "gif", "bmp");

    // Bit flips, byte overwrites with extreme values, and truncations; each decode either succeeds or raises ImageFormatException.
    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Mutated_file_decodes_or_fails_with_our_exceptions(string path)
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image(path));
        var random = new Random(path.Length * 7919);
        var options = new DecodeOptions { MaxPixels = 4_000_000 };
        for (int round = 0; round < 300; round++)
        {
            byte[] data = Mutate(original, random, round);
            try
            {
                BuiltInImageEngine.Instance.Decode(data, options, path);
            }
            catch (ImageFormatException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"round {round}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random, int round)
    {
        switch (round % 3)
        {
            case 0:
                return original.AsSpan(0, random.Next(1, original.Length)).ToArray();
            case 1:
            {
                byte[] data = (byte[])original.Clone();
                for (int i = random.Next(1, 5); i > 0; i--)
                {
                    int position = random.Next(Math.Min(data.Length, 2), data.Length); // keep the first bytes so the format is still detected
                    data[position] ^= (byte)(1 << random.Next(8));
                }

                return data;
            }

            default:
            {
                byte[] data = (byte[])original.Clone();
                int position = random.Next(Math.Min(data.Length, 6), Math.Min(data.Length, 80)); // headers
                data[position] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                return data;
            }
        }
    }
}
