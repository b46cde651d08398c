using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Filters;

/// <summary>Sub: each byte adds the byte one pixel to its left.</summary>
internal static class SubFilter
{
    public static void Decode(Span<byte> row, int bytesPerPixel)
    {
        int i = bytesPerPixel;
        if (bytesPerPixel is 3 or 4 && Vector128.IsHardwareAccelerated && row.Length >= 4)
        {
            ref byte raw = ref MemoryMarshal.GetReference(row);
            Vector128<byte> left = Vector128<byte>.Zero;
            for (i = 0; i + 4 <= row.Length; i += bytesPerPixel)
            {
                left += PixelLanes.LoadBytes(ref raw, i);
                PixelLanes.StoreBytes(ref raw, i, left, bytesPerPixel);
            }
        }

        for (; i < row.Length; i++)
        {
            row[i] += row[i - bytesPerPixel];
        }
    }
}
