namespace VisionPS.Core.Imaging.Png.Filters;

/// <summary>Average: each byte adds the floor of the mean of the byte to its left and the byte above.</summary>
internal static class AverageFilter
{
    public static void Decode(Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        previous = previous[..row.Length];
        int first = Math.Min(bytesPerPixel, row.Length);
        for (int i = 0; i < first; i++)
        {
            row[i] += (byte)(previous[i] >> 1);
        }

        for (int i = first; i < row.Length; i++)
        {
            row[i] += (byte)((row[i - bytesPerPixel] + previous[i]) >> 1);
        }
    }
}
