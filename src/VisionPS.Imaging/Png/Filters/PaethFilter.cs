using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Filters;

/// <summary>Paeth: each byte adds whichever of left, above and upper-left is closest to left + above - upper-left.</summary>
internal static class PaethFilter
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
                row[i] += previous[i]; // left and upper-left are 0, so the predictor is the byte above
            }
        }

        for (; i < row.Length; i++)
        {
            row[i] += Predict(row[i - bytesPerPixel], previous[i], previous[i - bytesPerPixel]);
        }
    }

    // Whole 3- or 4-byte pixels while 4 bytes remain; returns where the scalar tail starts (at least one pixel in).
    private static int DecodePixels(Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        ref byte raw = ref MemoryMarshal.GetReference(row);
        ref byte above = ref MemoryMarshal.GetReference(previous);
        Vector128<short> left = Vector128<short>.Zero, upperLeft = Vector128<short>.Zero;
        int i = 0;
        for (; i + 4 <= row.Length; i += bytesPerPixel)
        {
            Vector128<short> up = PixelLanes.LoadWide(ref above, i);
            Vector128<short> aboveMinusCorner = up - upperLeft;
            Vector128<short> leftMinusCorner = left - upperLeft;
            Vector128<short> toLeft = Vector128.Abs(aboveMinusCorner);
            Vector128<short> toAbove = Vector128.Abs(leftMinusCorner);
            Vector128<short> toCorner = Vector128.Abs(aboveMinusCorner + leftMinusCorner);
            Vector128<short> pickLeft = Vector128.LessThanOrEqual(toLeft, toAbove) & Vector128.LessThanOrEqual(toLeft, toCorner);
            Vector128<short> pickAbove = Vector128.LessThanOrEqual(toAbove, toCorner);
            Vector128<short> predictor = Vector128.ConditionalSelect(pickLeft, left, Vector128.ConditionalSelect(pickAbove, up, upperLeft));
            left = (PixelLanes.LoadWide(ref raw, i) + predictor) & PixelLanes.ByteMask;
            PixelLanes.StoreWide(ref raw, i, left, bytesPerPixel);
            upperLeft = up;
        }

        return i;
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
