namespace VisionPS.Core.Imaging.Png.Filters;

/// <summary>Up: each byte adds the byte above it.</summary>
internal static class UpFilter
{
    public static void Decode(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        for (int i = 0; i < row.Length; i++)
        {
            row[i] += previous[i];
        }
    }
}
