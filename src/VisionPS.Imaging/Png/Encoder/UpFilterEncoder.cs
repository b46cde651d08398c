using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Encoder;

/// <summary>PNG filter 2 (Up): each byte minus the byte above it.</summary>
internal static class UpFilterEncoder
{
    public const byte Type = 2;

    public static void Apply(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> output)
    {
        previous = previous[..row.Length];
        output = output[..row.Length];
        int i = 0;
        for (; i + Vector128<byte>.Count <= row.Length; i += Vector128<byte>.Count)
        {
            (Vector128.Create(row[i..]) - Vector128.Create(previous[i..])).StoreUnsafe(ref MemoryMarshal.GetReference(output.Slice(i, Vector128<byte>.Count)));
        }

        for (; i < row.Length; i++)
        {
            output[i] = (byte)(row[i] - previous[i]);
        }
    }
}
