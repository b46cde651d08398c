using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;
using Xunit.Abstractions;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>
/// Deterministic bit flips, byte overwrites and truncations of small JPEGs: decoding must either succeed or raise an
/// <see cref="ImageFormatException"/> subtype, never another exception.
/// </summary>
public class JpegDecoderMutationTests(ITestOutputHelper output)
{
    private const int MutationsPerFile = 300;

    [Fact]
    public void MutatedJpegs_DecodeOrRaiseImageFormatException()
    {
        string[] files =
        [
            "jpeg/baseline_420_227x149.jpg", "jpeg/progressive_420_320x240.jpg", "jpeg/restart_markers_dri5_33x33.jpg",
            "jpeg/progressive_restart_noninterleaved_64x16.jpg", "jpeg/grayscale_32x32.jpg", "jpeg/cmyk_adobe_transform0_32x32.jpg",
            "jpeg/ycck_adobe_transform2_100x100.jpg", "jpeg/size_1x1.jpg",
        ];
        var random = new Random(20_251_121);
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();
        foreach (string file in files)
        {
            byte[] original = File.ReadAllBytes(SharedPaths.Image(file));
            for (int i = 0; i < MutationsPerFile; i++)
            {
                byte[] bytes = (byte[])original.Clone();
                string mutation;
                switch (random.Next(4))
                {
                    case 0:
                        int bit = random.Next(bytes.Length * 8);
                        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                        mutation = $"flip bit {bit}";
                        break;
                    case 1:
                        int at = random.Next(2, Math.Min(bytes.Length, 700));
                        bytes[at] = (byte)random.Next(256);
                        mutation = $"byte {at} = {bytes[at]}";
                        break;
                    case 2:
                        int length = random.Next(2, bytes.Length);
                        bytes = bytes[..length];
                        mutation = $"cut at {length}";
                        break;
                    default:
                        int start = random.Next(2, bytes.Length);
                        int count = Math.Min(random.Next(1, 16), bytes.Length - start);
                        random.NextBytes(bytes.AsSpan(start, count));
                        mutation = $"{count} random bytes at {start}";
                        break;
                }

                string outcome;
                try
                {
                    PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(bytes, DecodeOptions.Default, file);
                    outcome = "decoded";
                }
                catch (ImageFormatException e)
                {
                    outcome = e.GetType().Name;
                }
                catch (Exception e)
                {
                    outcome = "WRONG " + e.GetType().Name;
                    failures.Add($"{file} ({mutation}): {e}");
                }

                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
    }
}
