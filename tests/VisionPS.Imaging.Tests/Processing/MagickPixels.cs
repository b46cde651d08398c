using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Processing;

/// <summary>Hands our in-memory pixels to ImageMagick as raw RGB/RGBA, and turns reference pixels into buffers.</summary>
internal static class MagickPixels
{
    /// <summary>
    /// <c>convert -size WxH -depth 8 rgb:- (or rgba:-) operations… pam:-</c>; the result keeps alpha only when the input
    /// had it (and the operations did not remove it). The image stays 8-bit deep, so the 16-bit results are rounded to
    /// 8 bits on output; a <c>-depth 8</c> operator would truncate them instead (ImageMagick 6.9.11).
    /// </summary>
    public static RawImage Convert(PixelBuffer input, params string[] operations)
    {
        string format = input.HasAlpha ? "rgba:-" : "rgb:-";
        string[] args = ["-size", $"{input.Width}x{input.Height}", "-depth", "8", format, .. operations, "pam:-"];
        return Netpbm.Parse(ReferenceTools.Run("convert", args, input.Data));
    }

    public static PixelBuffer ToBuffer(RawImage image) => image.Channels switch
    {
        3 => new PixelBuffer(image.Width, image.Height, PixelLayout.Rgb24, (byte[])image.Data.Clone()),
        4 => new PixelBuffer(image.Width, image.Height, PixelLayout.Rgba32, (byte[])image.Data.Clone()),
        _ => ToBuffer(image.ToRgb()),
    };

    /// <summary>True when both hold the same size, the same number of channels and the same bytes.</summary>
    public static bool SameBytes(RawImage reference, PixelBuffer actual) =>
        reference.Width == actual.Width && reference.Height == actual.Height && reference.Channels == actual.BytesPerPixel
        && reference.Data.AsSpan().SequenceEqual(actual.Data);

    /// <summary>How many samples differ (sizes and channel counts must match).</summary>
    public static int CountDifferent(RawImage reference, PixelBuffer actual)
    {
        Assert.Equal((reference.Width, reference.Height, reference.Channels), (actual.Width, actual.Height, actual.BytesPerPixel));
        int count = 0;
        for (int i = 0; i < reference.Data.Length; i++)
        {
            count += reference.Data[i] != actual.Data[i] ? 1 : 0;
        }

        return count;
    }
}
