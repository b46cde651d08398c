namespace VisionPS.Imaging.Processing;

/// <summary>Composites RGBA onto an opaque colour.</summary>
/// <remarks>
/// Each sample is <c>(a·c + (255 − a)·background) / 255</c> rounded to nearest (never a tie: 255 is odd), which is
/// what ImageMagick 6 (Q16) writes for 8-bit images with <c>-background … -alpha remove</c> or <c>-flatten</c>
/// (checked for every alpha and colour value). Its <c>-depth 8</c> operator would truncate instead.
/// </remarks>
internal static class AlphaFlattener
{
    public static PixelBuffer Flatten(PixelBuffer source, byte red, byte green, byte blue)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Layout == PixelLayout.Rgb24)
        {
            return source;
        }

        var result = new PixelBuffer(source.Width, source.Height, PixelLayout.Rgb24);
        ReadOnlySpan<byte> rgba = source.Data;
        Span<byte> rgb = result.Data;
        for (int i = 0, o = 0; i < rgba.Length; i += 4, o += 3)
        {
            int alpha = rgba[i + 3];
            int transparency = 255 - alpha;
            rgb[o] = (byte)(((rgba[i] * alpha) + (red * transparency) + 127) / 255);
            rgb[o + 1] = (byte)(((rgba[i + 1] * alpha) + (green * transparency) + 127) / 255);
            rgb[o + 2] = (byte)(((rgba[i + 2] * alpha) + (blue * transparency) + 127) / 255);
        }

        return result;
    }
}
