using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Encoder;

/// <summary>PNG filter 1 (Sub): each byte minus the corresponding byte of the pixel to its left.</summary>
internal static class SubFilterEncoder
{
    public const byte Type = 1;

    public static void Apply(ReadOnlySpan<byte> row, int bytesPerPixel, Span<byte> output)
    {
        output = output[..row.Length];
        row[..bytesPerPixel].CopyTo(output);
        int i = bytesPerPixel;
        for (; i + Vector128<byte>.Count <= row.Length; i += Vector128<byte>.Count)
        {
            (Vector128.Create(row[i..]) - Vector128.Create(row[(i - bytesPerPixel)..])).StoreUnsafe(ref MemoryMarshal.GetReference(output.Slice(i, Vector128<byte>.Count)));
        }

        for (; i < row.Length; i++)
        {
            output[i] = (byte)(row[i] - row[i - bytesPerPixel]);
        }
    }
}
