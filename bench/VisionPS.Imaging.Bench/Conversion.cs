namespace VisionPS.Imaging.Bench;

/// <summary>
/// The work Core's preparer asks of the engine for a JPEG headed for a smaller box: a reduced-IDCT decode that stays
/// within 3% of the box, a resample only when the decode is still larger, and a JPEG encode. The policy itself lives
/// in Core; this bench measures the imaging layer alone.
/// </summary>
internal static class Conversion
{
    public static byte[] ToJpegBox(IImageEngine engine, ReadOnlySpan<byte> data, int box, int quality)
    {
        ImageInfo info = engine.Identify(data, null);
        double scale = Math.Min(1.0, Math.Min((double)box / info.Width, (double)box / info.Height));
        int width = Math.Max(1, (int)Math.Round(info.Width * scale));
        int height = Math.Max(1, (int)Math.Round(info.Height * scale));
        var options = new DecodeOptions { MinimumWidth = (int)Math.Ceiling(width * 0.97), MinimumHeight = (int)Math.Ceiling(height * 0.97) };
        // Buffers go back to the engine's pool, as Core's preparer gives them back.
        using PixelBuffer decoded = engine.Decode(data, options, null);
        if (decoded.Width <= width && decoded.Height <= height)
        {
            return engine.EncodeJpeg(decoded, quality);
        }

        using PixelBuffer resized = engine.Resize(decoded, width, height);
        return engine.EncodeJpeg(resized, quality);
    }
}
