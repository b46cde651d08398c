using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Filters;

/// <summary>Average: each byte adds the floor of the mean of the byte to its left and the byte above.</summary>
internal static class AverageFilter
{
    public static void Decode(Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        previous = previous[..row.Length];
        int i = 0;
        if (bytesPerPixel is 3 or 4 && Vector128.IsHardwareAccelerated && row.Length >= 4)
        {
            i = DecodePixels(row, previous, bytesPerPixel);
        }
        else
        {
            int first = Math.Min(bytesPerPixel, row.Length);
            for (; i < first; i++)
            {
                row[i] += (byte)(previous[i] >> 1);
            }
        }

        for (; i < row.Length; i++)
        {
            row[i] += (byte)((row[i - bytesPerPixel] + previous[i]) >> 1);
        }
    }

    // Whole 3- or 4-byte pixels while 4 bytes remain; returns where the scalar tail starts (at least one pixel in).
    private static int DecodePixels(Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        ref byte raw = ref MemoryMarshal.GetReference(row);
        ref byte above = ref MemoryMarshal.GetReference(previous);
        Vector128<short> left = Vector128<short>.Zero;
        int i = 0;
        for (; i + 4 <= row.Length; i += bytesPerPixel)
        {
            Vector128<short> mean = (left + PixelLanes.LoadWide(ref above, i)) >>> 1;
            left = (PixelLanes.LoadWide(ref raw, i) + mean) & PixelLanes.ByteMask;
            PixelLanes.StoreWide(ref raw, i, left, bytesPerPixel);
        }

        return i;
    }
}
