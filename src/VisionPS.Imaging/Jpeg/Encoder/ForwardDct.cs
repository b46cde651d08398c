using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VisionPS.Imaging.Jpeg.Encoder;

/// <summary>
/// libjpeg's accurate integer forward DCT (jfdctint.c, "islow": Loeffler-Ligtenberg-Moschytz with 13-bit constants).
/// Output is natural order and, like libjpeg's, 8 times the orthonormal DCT; the same integer arithmetic gives the
/// same coefficients as cjpeg. With AVX2 all eight rows (then columns) of a block go through the butterfly at once.
/// </summary>
internal static class ForwardDct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    public static bool IsVectorized => Avx2.IsSupported;

    /// <summary>Transforms the 8×8 samples at <paramref name="samples"/> (rows <paramref name="stride"/> bytes apart) into <paramref name="block"/>.</summary>
    [MethodImpl(HotPath.Options)]
    public static void Transform(ReadOnlySpan<byte> samples, int stride, Span<int> block)
    {
        if (samples.Length < (7 * stride) + 8 || block.Length < 64)
        {
            throw new ArgumentException("An 8x8 block needs 8 rows of 8 samples and 64 outputs.");
        }

        if (Avx2.IsSupported)
        {
            TransformAvx2(samples, stride, block);
        }
        else
        {
            TransformScalar(samples, stride, block);
        }
    }

    [MethodImpl(HotPath.Options)]
    private static void TransformAvx2(ReadOnlySpan<byte> samples, int stride, Span<int> block)
    {
        Vector256<int> center = Vector256.Create(128);
        Vector256<int> r0 = LoadRow(samples, 0) - center;
        Vector256<int> r1 = LoadRow(samples, stride) - center;
        Vector256<int> r2 = LoadRow(samples, 2 * stride) - center;
        Vector256<int> r3 = LoadRow(samples, 3 * stride) - center;
        Vector256<int> r4 = LoadRow(samples, 4 * stride) - center;
        Vector256<int> r5 = LoadRow(samples, 5 * stride) - center;
        Vector256<int> r6 = LoadRow(samples, 6 * stride) - center;
        Vector256<int> r7 = LoadRow(samples, 7 * stride) - center;

        // Pass 1 works along rows: lane i of vector c holds row i's sample c.
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Butterfly(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, firstPass: true);

        // Pass 2 along columns: after the transpose, vector r holds row r of the intermediate result.
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Butterfly(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, firstPass: false);

        ref int destination = ref MemoryMarshal.GetReference(block);
        r0.StoreUnsafe(ref destination, 0);
        r1.StoreUnsafe(ref destination, 8);
        r2.StoreUnsafe(ref destination, 16);
        r3.StoreUnsafe(ref destination, 24);
        r4.StoreUnsafe(ref destination, 32);
        r5.StoreUnsafe(ref destination, 40);
        r6.StoreUnsafe(ref destination, 48);
        r7.StoreUnsafe(ref destination, 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> LoadRow(ReadOnlySpan<byte> samples, int offset)
    {
        ulong eight = MemoryMarshal.Read<ulong>(samples.Slice(offset, 8));
        return Avx2.ConvertToVector256Int32(Vector128.CreateScalar(eight).AsByte());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        Vector256<int> t0 = Avx2.UnpackLow(r0, r1), t1 = Avx2.UnpackHigh(r0, r1);
        Vector256<int> t2 = Avx2.UnpackLow(r2, r3), t3 = Avx2.UnpackHigh(r2, r3);
        Vector256<int> t4 = Avx2.UnpackLow(r4, r5), t5 = Avx2.UnpackHigh(r4, r5);
        Vector256<int> t6 = Avx2.UnpackLow(r6, r7), t7 = Avx2.UnpackHigh(r6, r7);

        Vector256<int> u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32();
        Vector256<int> u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();
        Vector256<int> u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32();
        Vector256<int> u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();
        Vector256<int> u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32();
        Vector256<int> u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        Vector256<int> u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32();
        Vector256<int> u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();

        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(
        ref Vector256<int> d0, ref Vector256<int> d1, ref Vector256<int> d2, ref Vector256<int> d3,
        ref Vector256<int> d4, ref Vector256<int> d5, ref Vector256<int> d6, ref Vector256<int> d7, bool firstPass)
    {
        int oddShift = firstPass ? ConstBits - Pass1Bits : ConstBits + Pass1Bits;
        Vector256<int> oddRound = Vector256.Create(1 << (oddShift - 1));

        Vector256<int> tmp0 = d0 + d7, tmp7 = d0 - d7;
        Vector256<int> tmp1 = d1 + d6, tmp6 = d1 - d6;
        Vector256<int> tmp2 = d2 + d5, tmp5 = d2 - d5;
        Vector256<int> tmp3 = d3 + d4, tmp4 = d3 - d4;

        Vector256<int> tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
        Vector256<int> tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        if (firstPass)
        {
            d0 = (tmp10 + tmp11) << Pass1Bits;
            d4 = (tmp10 - tmp11) << Pass1Bits;
        }
        else
        {
            Vector256<int> evenRound = Vector256.Create(1 << (Pass1Bits - 1));
            d0 = (tmp10 + tmp11 + evenRound) >> Pass1Bits;
            d4 = (tmp10 - tmp11 + evenRound) >> Pass1Bits;
        }

        Vector256<int> z1 = (tmp12 + tmp13) * Fix0541196100;
        d2 = (z1 + (tmp13 * Fix0765366865) + oddRound) >> oddShift;
        d6 = (z1 - (tmp12 * Fix1847759065) + oddRound) >> oddShift;

        z1 = tmp4 + tmp7;
        Vector256<int> z2 = tmp5 + tmp6;
        Vector256<int> z3 = tmp4 + tmp6;
        Vector256<int> z4 = tmp5 + tmp7;
        Vector256<int> z5 = (z3 + z4) * Fix1175875602;

        tmp4 *= Fix0298631336;
        tmp5 *= Fix2053119869;
        tmp6 *= Fix3072711026;
        tmp7 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = (z3 * -Fix1961570560) + z5;
        z4 = (z4 * -Fix0390180644) + z5;

        d7 = (tmp4 + z1 + z3 + oddRound) >> oddShift;
        d5 = (tmp5 + z2 + z4 + oddRound) >> oddShift;
        d3 = (tmp6 + z2 + z3 + oddRound) >> oddShift;
        d1 = (tmp7 + z1 + z4 + oddRound) >> oddShift;
    }

    [MethodImpl(HotPath.Options)]
    private static void TransformScalar(ReadOnlySpan<byte> samples, int stride, Span<int> block)
    {
        for (int row = 0; row < 8; row++)
        {
            ReadOnlySpan<byte> s = samples.Slice(row * stride, 8);
            Span<int> d = block.Slice(row * 8, 8);
            for (int i = 0; i < 8; i++)
            {
                d[i] = s[i] - 128;
            }

            Butterfly(d, 1, firstPass: true);
        }

        for (int column = 0; column < 8; column++)
        {
            Butterfly(block[column..], 8, firstPass: false);
        }
    }

    [MethodImpl(HotPath.Options)]
    private static void Butterfly(Span<int> d, int step, bool firstPass)
    {
        int oddShift = firstPass ? ConstBits - Pass1Bits : ConstBits + Pass1Bits;
        int oddRound = 1 << (oddShift - 1);

        int tmp0 = d[0] + d[7 * step], tmp7 = d[0] - d[7 * step];
        int tmp1 = d[step] + d[6 * step], tmp6 = d[step] - d[6 * step];
        int tmp2 = d[2 * step] + d[5 * step], tmp5 = d[2 * step] - d[5 * step];
        int tmp3 = d[3 * step] + d[4 * step], tmp4 = d[3 * step] - d[4 * step];

        int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        if (firstPass)
        {
            d[0] = (tmp10 + tmp11) << Pass1Bits;
            d[4 * step] = (tmp10 - tmp11) << Pass1Bits;
        }
        else
        {
            d[0] = (tmp10 + tmp11 + (1 << (Pass1Bits - 1))) >> Pass1Bits;
            d[4 * step] = (tmp10 - tmp11 + (1 << (Pass1Bits - 1))) >> Pass1Bits;
        }

        int z1 = (tmp12 + tmp13) * Fix0541196100;
        d[2 * step] = (z1 + (tmp13 * Fix0765366865) + oddRound) >> oddShift;
        d[6 * step] = (z1 - (tmp12 * Fix1847759065) + oddRound) >> oddShift;

        z1 = tmp4 + tmp7;
        int z2 = tmp5 + tmp6;
        int z3 = tmp4 + tmp6;
        int z4 = tmp5 + tmp7;
        int z5 = (z3 + z4) * Fix1175875602;

        tmp4 *= Fix0298631336;
        tmp5 *= Fix2053119869;
        tmp6 *= Fix3072711026;
        tmp7 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = (z3 * -Fix1961570560) + z5;
        z4 = (z4 * -Fix0390180644) + z5;

        d[7 * step] = (tmp4 + z1 + z3 + oddRound) >> oddShift;
        d[5 * step] = (tmp5 + z2 + z4 + oddRound) >> oddShift;
        d[3 * step] = (tmp6 + z2 + z3 + oddRound) >> oddShift;
        d[step] = (tmp7 + z1 + z4 + oddRound) >> oddShift;
    }
}
