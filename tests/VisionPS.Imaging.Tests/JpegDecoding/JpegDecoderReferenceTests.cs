using VisionPS.Imaging.Tests.TestSupport;
using Xunit.Abstractions;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>Our decode against libjpeg-turbo's djpeg, at full size and at the IDCT scales 1/2, 1/4 and 1/8.</summary>
public class JpegDecoderReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> ManifestJpegs()
    {
        var data = new TheoryData<string, int>();
        foreach (ImageManifestEntry entry in ImageManifest.Entries)
        {
            if (entry.Format == "jpeg" && !entry.Path.StartsWith("corrupt/", StringComparison.Ordinal) && !entry.Path.Contains("arithmetic", StringComparison.Ordinal))
            {
                foreach (int denominator in new[] { 1, 2, 4, 8 })
                {
                    data.Add(entry.Path, denominator);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, int> Samples()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in Directory.GetFiles(SharedPaths.Samples, "*.jpg").Order())
        {
            data.Add(Path.GetFileName(path), 1);
            data.Add(Path.GetFileName(path), 8);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ManifestJpegs))]
    public void ManifestJpeg_MatchesDjpeg(string relativePath, int denominator) =>
        AssertMatches(SharedPaths.Image(relativePath), denominator);

    [Theory]
    [MemberData(nameof(Samples))]
    public void SamplePhoto_MatchesDjpeg(string fileName, int denominator) =>
        AssertMatches(Path.Combine(SharedPaths.Samples, fileName), denominator);

    [Theory]
    [InlineData("progressive.jpg", new[] { "-progressive" })]
    [InlineData("restart1.jpg", new[] { "-restart", "1" })]
    [InlineData("sample411.jpg", new[] { "-sample", "4x1" })]
    [InlineData("sample440.jpg", new[] { "-sample", "1x2" })]
    [InlineData("grayscale.jpg", new[] { "-grayscale" })]
    [InlineData("progressive420_restart.jpg", new[] { "-progressive", "-restart", "3", "-sample", "2x2" })]
    [InlineData("odd_2x1_1x2_1x1.jpg", new[] { "-sample", "2x1,1x2,1x1" })]
    [InlineData("rgb.jpg", new[] { "-rgb" })]
    public void CjpegVariant_MatchesDjpegAtEveryScale(string name, string[] cjpegArgs)
    {
        string path = JpegReference.MakeWithCjpeg(Path.Combine(SharedPaths.Samples, "house_pool_enclosure.jpg"), name, cjpegArgs);
        foreach (int denominator in new[] { 1, 2, 4, 8 })
        {
            AssertMatches(path, denominator);
        }
    }

    [Fact]
    public void JpegtranProgressive_MatchesDjpeg()
    {
        string directory = Path.Combine(Path.GetTempPath(), "visionps-jpegdec-tests");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "jpegtran_progressive.jpg");
        File.WriteAllBytes(path, ReferenceTools.Run("jpegtran", ["-progressive", Path.Combine(SharedPaths.Samples, "street_classic_cars.jpg")], stdin: null));
        AssertMatches(path, 1);
        AssertMatches(path, 4);
    }

    private void AssertMatches(string path, int denominator)
    {
        (double psnr, int maxDifference, _) = JpegReference.Compare(path, denominator);
        output.WriteLine($"{Path.GetFileName(path)} 1/{denominator}: PSNR {psnr:F2} dB, max difference {maxDifference}");
        Assert.True(psnr >= JpegReference.MinimumPsnr, $"{path} at 1/{denominator}: PSNR {psnr:F2} dB < {JpegReference.MinimumPsnr}");
    }
}
