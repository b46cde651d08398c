using VisionPS.Imaging.Jpeg.Encoder;

namespace VisionPS.Imaging.Jpeg;

/// <summary>Baseline JPEG, YCbCr 4:2:0, IJG quality scaling, standard Huffman tables, no metadata.</summary>
internal static class JpegEncoder
{
    public static byte[] Encode(PixelBuffer pixels, int quality)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        using var encoder = new JpegEncoderCore(pixels, quality);
        return encoder.Encode();
    }
}
