namespace VisionPS.Core.Imaging.Png;

/// <summary>8-bit RGB/RGBA PNG with per-row filter choice, no metadata.</summary>
internal static class PngEncoder
{
    public static byte[] Encode(PixelBuffer pixels) => throw new NotImplementedException();
}
