namespace VisionPS.Imaging.Png.Filters;

/// <summary>Reverses the filter named by a scanline's first byte, in place.</summary>
internal static class PngUnfilter
{
    /// <param name="filter">The scanline's filter byte.</param>
    /// <param name="row">The scanline without its filter byte; decoded in place.</param>
    /// <param name="previous">The previous decoded scanline of the same pass (all zero for the first), as long as <paramref name="row"/>.</param>
    /// <param name="bytesPerPixel">Bytes per complete pixel, at least 1 (PNG rounds sub-byte pixels up to 1).</param>
    public static void Decode(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        switch ((PngFilterType)filter)
        {
            case PngFilterType.None:
                break;
            case PngFilterType.Sub:
                SubFilter.Decode(row, bytesPerPixel);
                break;
            case PngFilterType.Up:
                UpFilter.Decode(row, previous);
                break;
            case PngFilterType.Average:
                AverageFilter.Decode(row, previous, bytesPerPixel);
                break;
            case PngFilterType.Paeth:
                PaethFilter.Decode(row, previous, bytesPerPixel);
                break;
            default:
                throw new PixelDataCorruptException($"a scanline has filter type {filter} (PNG defines 0 to 4)");
        }
    }
}
