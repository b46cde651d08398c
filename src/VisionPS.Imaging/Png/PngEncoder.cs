using VisionPS.Imaging.Png.Encoder;

namespace VisionPS.Imaging.Png;

/// <summary>8-bit RGB/RGBA PNG with per-row filter choice, no metadata.</summary>
internal static class PngEncoder
{
    public static byte[] Encode(PixelBuffer pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return new PngEncoderCore(pixels).Encode();
    }
}
