using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>Decodes through the public facade at a chosen IDCT scale and measures the result against djpeg.</summary>
internal static class JpegReference
{
    public const double MinimumPsnr = 40;

    /// <summary>Decodes <paramref name="bytes"/> at 1/<paramref name="denominator"/> by asking for exactly that size as the minimum.</summary>
    public static PixelBuffer Decode(byte[] bytes, int denominator)
    {
        ImageInfo info = BuiltInImageEngine.Instance.Identify(bytes, "test");
        var options = denominator == 1
            ? DecodeOptions.Default
            : new DecodeOptions { MinimumWidth = Ceil(info.Width, denominator), MinimumHeight = Ceil(info.Height, denominator) };
        return BuiltInImageEngine.Instance.Decode(bytes, options, "test");
    }

    /// <summary>PSNR of our decode of <paramref name="path"/> against <c>djpeg [-scale 1/N]</c>; sizes must match.</summary>
    public static (double Psnr, int MaxDifference, PixelBuffer Ours) Compare(string path, int denominator)
    {
        RawImage reference = ReferenceTools.Djpeg(path, denominator == 1 ? null : $"1/{denominator}");
        PixelBuffer ours = Decode(File.ReadAllBytes(path), denominator);
        return (ImageCompare.Psnr(reference, ours), ImageCompare.MaxDifference(reference, ours), ours);
    }

    /// <summary>Makes a JPEG with cjpeg (after djpeg of <paramref name="source"/>) in a temporary file.</summary>
    public static string MakeWithCjpeg(string source, string name, params string[] cjpegArgs)
    {
        byte[] ppm = ReferenceTools.Run("djpeg", ["-pnm", source], stdin: null);
        string directory = Path.Combine(Path.GetTempPath(), "visionps-jpegdec-tests");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, ReferenceTools.Run("cjpeg", cjpegArgs, ppm));
        return path;
    }

    private static int Ceil(int a, int b) => (a + b - 1) / b;
}
