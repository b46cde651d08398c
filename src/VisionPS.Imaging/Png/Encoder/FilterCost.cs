using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VisionPS.Imaging.Png.Encoder;

/// <summary>
/// The usual filter-choice heuristic (PNG specification 12.8): the sum of the filtered bytes read as signed values'
/// magnitudes; smaller sums tend to compress better.
/// </summary>
internal static class FilterCost
{
    public static long SumOfAbsoluteValues(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        int i = 0;
        if (Sse2.IsSupported)
        {
            Vector128<ulong> total = Vector128<ulong>.Zero;
            for (; i + Vector128<byte>.Count <= filtered.Length; i += Vector128<byte>.Count)
            {
                // |x| of a signed byte, then psadbw against zero adds the 16 magnitudes into two 64-bit lanes.
                Vector128<byte> magnitude = Vector128.Abs(Vector128.Create(filtered[i..]).AsSByte()).AsByte();
                total += Sse2.SumAbsoluteDifferences(magnitude, Vector128<byte>.Zero).AsUInt64();
            }

            sum = (long)(total.GetElement(0) + total.GetElement(1));
        }

        for (; i < filtered.Length; i++)
        {
            sum += Math.Abs((int)(sbyte)filtered[i]);
        }

        return sum;
    }
}
