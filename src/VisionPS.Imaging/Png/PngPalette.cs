namespace VisionPS.Imaging.Png;

/// <summary>PLTE colours with the tRNS alphas, as 256 RGBA entries; indices past the palette are opaque black.</summary>
internal sealed class PngPalette
{
    private PngPalette(byte[] rgba, bool hasAlpha)
    {
        Rgba = rgba;
        HasAlpha = hasAlpha;
    }

    /// <summary>256 × RGBA.</summary>
    public byte[] Rgba { get; }

    /// <summary>True when tRNS gave at least one entry an alpha.</summary>
    public bool HasAlpha { get; }

    /// <param name="plte">The PLTE data, already checked to be whole triples, 1 to 256 of them.</param>
    /// <param name="trns">The tRNS data, or empty; ignored when it has more entries than the palette.</param>
    public static PngPalette Create(ReadOnlySpan<byte> plte, ReadOnlySpan<byte> trns)
    {
        var rgba = new byte[256 * 4];
        for (int i = 0; i < 256; i++)
        {
            rgba[(i * 4) + 3] = 255;
        }

        int entries = plte.Length / 3;
        for (int i = 0; i < entries; i++)
        {
            rgba[i * 4] = plte[i * 3];
            rgba[(i * 4) + 1] = plte[(i * 3) + 1];
            rgba[(i * 4) + 2] = plte[(i * 3) + 2];
        }

        // libpng drops a tRNS with more entries than the palette ("invalid"), and so does ImageMagick.
        bool hasAlpha = trns.Length > 0 && trns.Length <= entries;
        if (hasAlpha)
        {
            for (int i = 0; i < trns.Length; i++)
            {
                rgba[(i * 4) + 3] = trns[i];
            }
        }

        return new PngPalette(rgba, hasAlpha);
    }
}
