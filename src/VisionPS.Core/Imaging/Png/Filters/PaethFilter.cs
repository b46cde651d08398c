namespace VisionPS.Core.Imaging.Png.Filters;

/// <summary>Paeth: each byte adds whichever of left, above and upper-left is closest to left + above - upper-left.</summary>
internal static class PaethFilter
{
    public static void Decode(Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
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

    private static byte Predict(byte left, byte above, byte upperLeft)
    {
        int estimate = left + above - upperLeft;
        int toLeft = Math.Abs(estimate - left);
        int toAbove = Math.Abs(estimate - above);
        int toUpperLeft = Math.Abs(estimate - upperLeft);
        if (toLeft <= toAbove && toLeft <= toUpperLeft)
        {
            return left;
        }

        return toAbove <= toUpperLeft ? above : upperLeft;
    }
}
