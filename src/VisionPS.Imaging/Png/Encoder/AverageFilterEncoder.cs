using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Encoder;

/// <summary>PNG filter 3 (Average): each byte minus the floor of the mean of the bytes to the left and above.</summary>
internal static class AverageFilterEncoder
{
    public const byte Type = 3;

    public static void Apply(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> output)
    {
        previous = previous[..row.Length];
        output = output[..row.Length];
        for (int i = 0; i < bytesPerPixel; i++)
        {
            output[i] = (byte)(row[i] - (previous[i] >> 1));
        }

        int j = bytesPerPixel;
        for (; j + Vector128<byte>.Count <= row.Length; j += Vector128<byte>.Count)
        {
            Vector128<byte> left = Vector128.Create(row[(j - bytesPerPixel)..]);
            Vector128<byte> up = Vector128.Create(previous[j..]);

            // floor((a + b) / 2) without widening: the common bits plus half the differing ones.
            Vector128<byte> mean = (left & up) + ((left ^ up) >>> 1);
            (Vector128.Create(row[j..]) - mean).StoreUnsafe(ref MemoryMarshal.GetReference(output.Slice(j, Vector128<byte>.Count)));
        }

        for (; j < row.Length; j++)
        {
            output[j] = (byte)(row[j] - ((row[j - bytesPerPixel] + previous[j]) >> 1));
        }
    }
}
