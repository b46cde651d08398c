using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Png.Filters;

/// <summary>Up: each byte adds the byte above it.</summary>
internal static class UpFilter
{
    public static void Decode(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        previous = previous[..row.Length];
        int i = 0;
        for (; i + Vector128<byte>.Count <= row.Length; i += Vector128<byte>.Count)
        {
            (Vector128.Create(row[i..]) + Vector128.Create(previous[i..])).StoreUnsafe(ref MemoryMarshal.GetReference(row.Slice(i, Vector128<byte>.Count)));
        }

        for (; i < row.Length; i++)
        {
            row[i] += previous[i];
        }
    }
}
