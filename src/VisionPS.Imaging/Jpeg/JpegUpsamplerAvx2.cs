using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VisionPS.Imaging.Jpeg;

/// <summary>The fancy h2v2 filter of <see cref="JpegUpsampler"/> sixteen input columns at a time, in 16-bit lanes (sums stay below 4096).</summary>
internal static class JpegUpsamplerAvx2
{
    /// <summary>
    /// Writes output columns 2i and 2i+1 for input columns i = 1 up to (not including) the returned index, which leaves
    /// at least the last column to the scalar code; <paramref name="near"/> and <paramref name="far"/> hold exactly the
    /// row's input columns.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static int H2V2Interior(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> output)
    {
        int width = near.Length;
        if (far.Length < width || output.Length < 2 * width)
        {
            return 1;
        }

        ref byte nearRef = ref MemoryMarshal.GetReference(near);
        ref byte farRef = ref MemoryMarshal.GetReference(far);
        ref byte outRef = ref MemoryMarshal.GetReference(output);
        int i = 1;

        // Columns i-1 .. i+16 are read, so i + 16 must stay below the width.
        for (; i + 16 < width; i += 16)
        {
            Vector256<short> left = Sums(ref nearRef, ref farRef, i - 1);
            Vector256<short> center = Sums(ref nearRef, ref farRef, i) * 3;
            Vector256<short> right = Sums(ref nearRef, ref farRef, i + 1);
            Vector256<short> even = Avx2.ShiftRightLogical(center + left + Vector256.Create((short)8), 4);
            Vector256<short> odd = Avx2.ShiftRightLogical(center + right + Vector256.Create((short)7), 4);

            // Both are 0..255: one 16-bit lane holding even | odd << 8 is the output byte pair, little-endian.
            Vector256<short> pairs = even | Avx2.ShiftLeftLogical(odd, 8);
            pairs.AsByte().StoreUnsafe(ref outRef, (nuint)(2 * i));
        }

        return i;
    }

    [MethodImpl(HotPath.Options)]
    private static Vector256<short> Sums(ref byte near, ref byte far, int x) =>
        (Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref near, (nuint)x)) * 3) + Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref far, (nuint)x));
}
