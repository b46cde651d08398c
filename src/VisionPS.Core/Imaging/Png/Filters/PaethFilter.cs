namespace VisionPS.Core.Imaging.Png.Filters;

/// <summary>Paeth: each byte adds whichever of left, above and upper-left is closest to left + above - upper-left.</summary>
internal static class PaethFilter
{
    public static void Decode(Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        previous = previous[..row.Length];
        int first = Math.Min(bytesPerPixel, row.Length);
        for (int i = 0; i < first; i++)
        {
            row[i] += previous[i]; // left and upper-left are 0, so the predictor is the byte above
        }

        for (int i = first; i < row.Length; i++)
        {
            row[i] += Predict(row[i - bytesPerPixel], previous[i], previous[i - bytesPerPixel]);
        }
    }

    // Distances from the estimate left + above - upperLeft, ties going to left, then above.
    private static byte Predict(int left, int above, int upperLeft)
    {
        int toLeft = Math.Abs(above - upperLeft);
        int toAbove = Math.Abs(left - upperLeft);
        int toUpperLeft = Math.Abs(left + above - upperLeft - upperLeft);
        if (toLeft <= toAbove && toLeft <= toUpperLeft)
        {
            return (byte)left;
        }

        return toAbove <= toUpperLeft ? (byte)above : (byte)upperLeft;
    }
}
