using VisionPS.Core.Imaging;
using VisionPS.Core.Tests.TestSupport;
using Xunit.Abstractions;

namespace VisionPS.Core.Tests.Imaging.EncodingTests;

public sealed class JpegEncoderExploration(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        var images = new List<(string, PixelBuffer)>
        {
            ("grad 17x9", EncoderTestImages.Gradient(17, 9)),
            ("grad 1x1", EncoderTestImages.Gradient(1, 1)),
            ("grad 2049x3", EncoderTestImages.Gradient(2049, 3)),
            ("shapes 100x77", EncoderTestImages.Shapes(100, 77)),
            ("noise 64x64", EncoderTestImages.Noise(64, 64, PixelLayout.Rgb24, 1)),
        };
        foreach (string p in EncoderTestImages.SamplePhotos())
        {
            images.Add((Path.GetFileName(p), EncoderTestImages.Photo(p)));
        }

        foreach (var (name, image) in images)
        {
            foreach (int q in new[] { 50, 85, 95 })
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                byte[] ours = BuiltInImageEngine.Instance.EncodeJpeg(image, q);
                sw.Stop();
                byte[] theirs = EncoderTestImages.Cjpeg(image, q);
                int firstDiff = -1;
                for (int i = 0; i < Math.Min(ours.Length, theirs.Length); i++)
                {
                    if (ours[i] != theirs[i]) { firstDiff = i; break; }
                }

                double psnrOurs = ImageCompare.Psnr(ReferenceTools.Djpeg(ours), image);
                double psnrTheirs = ImageCompare.Psnr(ReferenceTools.Djpeg(theirs), image);
                output.WriteLine($"{name} q{q}: ours {ours.Length} theirs {theirs.Length} equal={ours.AsSpan().SequenceEqual(theirs)} firstDiff={firstDiff} psnr {psnrOurs:F3} vs {psnrTheirs:F3} {sw.ElapsedMilliseconds}ms");
            }
        }
    }
}
