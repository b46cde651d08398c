namespace VisionPS.Core.Imaging.Png.Filters;

/// <summary>Sub: each byte adds the byte one pixel to its left.</summary>
internal static class SubFilter
{
    public static void Decode(Span<byte> row, int bytesPerPixel)
    {
        for (int i = bytesPerPixel; i < row.Length; i++)
        {
            row[i] += row[i - bytesPerPixel];
        }
    }
}
