using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// The 8x8 islow IDCT, the reduced 4x4 one and the 2x2 one's column pass of <see cref="JpegIdct"/> with AVX2: the same 32-bit integer operations, eight columns (then
/// eight rows) at once, so the output is identical. The scalar code's all-zero shortcuts give the same values as the
/// full formulas, so they are not needed here.
/// </summary>
internal static class JpegIdctAvx2
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    [MethodImpl(HotPath.Options)]
    public static void Transform8(ReadOnlySpan<short> input, ReadOnlySpan<int> quant, Span<byte> output, int stride)
    {
        // One check here covers every unchecked access below.
        if (input.Length < 64 || quant.Length < 64 || stride < 8 || output.Length < (7 * stride) + 8)
        {
            throw new ArgumentOutOfRangeException(nameof(output));
        }

        ref short inRef = ref MemoryMarshal.GetReference(input);
        ref int qRef = ref MemoryMarshal.GetReference(quant);
        Vector256<int> in0 = Load(ref inRef, ref qRef, 0);
        Vector256<int> in1 = Load(ref inRef, ref qRef, 1);
        Vector256<int> in2 = Load(ref inRef, ref qRef, 2);
        Vector256<int> in3 = Load(ref inRef, ref qRef, 3);
        Vector256<int> in4 = Load(ref inRef, ref qRef, 4);
        Vector256<int> in5 = Load(ref inRef, ref qRef, 5);
        Vector256<int> in6 = Load(ref inRef, ref qRef, 6);
        Vector256<int> in7 = Load(ref inRef, ref qRef, 7);

        Pass(ref in0, ref in1, ref in2, ref in3, ref in4, ref in5, ref in6, ref in7, Vector256.Create(1 << (ConstBits - Pass1Bits - 1)), ConstBits - Pass1Bits);
        Transpose(ref in0, ref in1, ref in2, ref in3, ref in4, ref in5, ref in6, ref in7);

        // The row pass folds the +128 level shift into the rounding constant: (x + r) >> n + 128 == (x + r + (128 << n)) >> n.
        const int shift = ConstBits + Pass1Bits + 3;
        Pass(ref in0, ref in1, ref in2, ref in3, ref in4, ref in5, ref in6, ref in7, Vector256.Create((1 << (shift - 1)) + (128 << shift)), shift);
        Transpose(ref in0, ref in1, ref in2, ref in3, ref in4, ref in5, ref in6, ref in7);

        // Saturating packs clamp to 0..255 exactly as the scalar clamp does. Each 128-bit lane then holds four 4-byte
        // pieces (rows 0-3 of columns 0-3, then of columns 4-7); the permute puts each row's two pieces together.
        Vector256<int> order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        Vector256<byte> rows0123 = Avx2.PackUnsignedSaturate(Avx2.PackSignedSaturate(in0, in1), Avx2.PackSignedSaturate(in2, in3));
        Vector256<byte> rows4567 = Avx2.PackUnsignedSaturate(Avx2.PackSignedSaturate(in4, in5), Avx2.PackSignedSaturate(in6, in7));
        Vector256<ulong> a = Avx2.PermuteVar8x32(rows0123.AsInt32(), order).AsUInt64();
        Vector256<ulong> b = Avx2.PermuteVar8x32(rows4567.AsInt32(), order).AsUInt64();
        ref byte o = ref MemoryMarshal.GetReference(output);
        Unsafe.WriteUnaligned(ref o, a.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, stride), a.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 2 * stride), a.GetElement(2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 3 * stride), a.GetElement(3));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 4 * stride), b.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 5 * stride), b.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 6 * stride), b.GetElement(2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 7 * stride), b.GetElement(3));
    }

    /// <summary>The reduced 4x4 IDCT of <see cref="JpegIdct.Transform4"/> (input row and column 4 unused), same arithmetic.</summary>
    [MethodImpl(HotPath.Options)]
    public static void Transform4(ReadOnlySpan<short> input, ReadOnlySpan<int> quant, Span<byte> output, int stride)
    {
        if (input.Length < 64 || quant.Length < 64 || stride < 4 || output.Length < (3 * stride) + 4)
        {
            throw new ArgumentOutOfRangeException(nameof(output));
        }

        ref short inRef = ref MemoryMarshal.GetReference(input);
        ref int qRef = ref MemoryMarshal.GetReference(quant);

        // Columns, eight lanes (lane 4 is computed and never read).
        Vector256<int> round1 = Vector256.Create(1 << (ConstBits - Pass1Bits));
        Vector256<int> tmp0 = Avx2.ShiftLeftLogical(Load(ref inRef, ref qRef, 0), ConstBits + 1) + round1;
        Vector256<int> tmp2 = (Load(ref inRef, ref qRef, 2) * 15137) - (Load(ref inRef, ref qRef, 6) * 6270);
        Vector256<int> tmp10 = tmp0 + tmp2, tmp12 = tmp0 - tmp2;
        Vector256<int> z1 = Load(ref inRef, ref qRef, 7), z2 = Load(ref inRef, ref qRef, 5), z3 = Load(ref inRef, ref qRef, 3), z4 = Load(ref inRef, ref qRef, 1);
        tmp0 = (z1 * -1730) + (z2 * 11893) + (z3 * -17799) + (z4 * 8697);
        tmp2 = (z1 * -4176) + (z2 * -4926) + (z3 * 7373) + (z4 * 20995);
        const byte shift1 = ConstBits - Pass1Bits + 1;
        Vector256<int> w0 = Avx2.ShiftRightArithmetic(tmp10 + tmp2, shift1);
        Vector256<int> w3 = Avx2.ShiftRightArithmetic(tmp10 - tmp2, shift1);
        Vector256<int> w1 = Avx2.ShiftRightArithmetic(tmp12 + tmp0, shift1);
        Vector256<int> w2 = Avx2.ShiftRightArithmetic(tmp12 - tmp0, shift1);

        // Rows, four lanes: c0..c7 are the workspace columns, each holding rows 0-3.
        Transpose4(w0.GetLower(), w1.GetLower(), w2.GetLower(), w3.GetLower(), out Vector128<int> c0, out Vector128<int> c1, out Vector128<int> c2, out Vector128<int> c3);
        Transpose4(w0.GetUpper(), w1.GetUpper(), w2.GetUpper(), w3.GetUpper(), out _, out Vector128<int> c5, out Vector128<int> c6, out Vector128<int> c7);
        const byte shift2 = ConstBits + Pass1Bits + 3 + 1;
        Vector128<int> t0 = Sse2.ShiftLeftLogical(c0, ConstBits + 1) + Vector128.Create((1 << (shift2 - 1)) + (128 << shift2));
        Vector128<int> t2 = (c2 * 15137) - (c6 * 6270);
        Vector128<int> t10 = t0 + t2, t12 = t0 - t2;
        t0 = (c7 * -1730) + (c5 * 11893) + (c3 * -17799) + (c1 * 8697);
        t2 = (c7 * -4176) + (c5 * -4926) + (c3 * 7373) + (c1 * 20995);
        Transpose4(
            Sse2.ShiftRightArithmetic(t10 + t2, shift2),
            Sse2.ShiftRightArithmetic(t12 + t0, shift2),
            Sse2.ShiftRightArithmetic(t12 - t0, shift2),
            Sse2.ShiftRightArithmetic(t10 - t2, shift2),
            out Vector128<int> r0,
            out Vector128<int> r1,
            out Vector128<int> r2,
            out Vector128<int> r3);
        Vector128<uint> bytes = Sse2.PackUnsignedSaturate(Sse2.PackSignedSaturate(r0, r1), Sse2.PackSignedSaturate(r2, r3)).AsUInt32();
        ref byte o = ref MemoryMarshal.GetReference(output);
        Unsafe.WriteUnaligned(ref o, bytes.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, stride), bytes.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 2 * stride), bytes.GetElement(2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 3 * stride), bytes.GetElement(3));
    }

    /// <summary>
    /// The column pass of <see cref="JpegIdct.Transform2"/> into its two workspace rows, eight columns at once (lanes
    /// 2, 4 and 6 are computed and never read), same arithmetic.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static void Columns2(ReadOnlySpan<short> input, ReadOnlySpan<int> quant, Span<int> workspace)
    {
        if (input.Length < 64 || quant.Length < 64 || workspace.Length < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(workspace));
        }

        ref short inRef = ref MemoryMarshal.GetReference(input);
        ref int qRef = ref MemoryMarshal.GetReference(quant);
        const byte shift = ConstBits - Pass1Bits + 2;
        Vector256<int> tmp10 = Avx2.ShiftLeftLogical(Load(ref inRef, ref qRef, 0), ConstBits + 2) + Vector256.Create(1 << (shift - 1));
        Vector256<int> tmp0 = (Load(ref inRef, ref qRef, 7) * -5906) + (Load(ref inRef, ref qRef, 5) * 6967)
            + (Load(ref inRef, ref qRef, 3) * -10426) + (Load(ref inRef, ref qRef, 1) * 29692);
        ref int ws = ref MemoryMarshal.GetReference(workspace);
        Avx2.ShiftRightArithmetic(tmp10 + tmp0, shift).StoreUnsafe(ref ws);
        Avx2.ShiftRightArithmetic(tmp10 - tmp0, shift).StoreUnsafe(ref ws, 8u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d, out Vector128<int> r0, out Vector128<int> r1, out Vector128<int> r2, out Vector128<int> r3)
    {
        Vector128<long> t0 = Sse2.UnpackLow(a, b).AsInt64(), t1 = Sse2.UnpackHigh(a, b).AsInt64();
        Vector128<long> t2 = Sse2.UnpackLow(c, d).AsInt64(), t3 = Sse2.UnpackHigh(c, d).AsInt64();
        r0 = Sse2.UnpackLow(t0, t2).AsInt32();
        r1 = Sse2.UnpackHigh(t0, t2).AsInt32();
        r2 = Sse2.UnpackLow(t1, t3).AsInt32();
        r3 = Sse2.UnpackHigh(t1, t3).AsInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load(ref short input, ref int quant, int row) =>
        Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref input, (nuint)(row * 8))) * Vector256.LoadUnsafe(ref quant, (nuint)(row * 8));

    // One 1-D pass over eight lanes: x0..x7 are inputs 0..7 and become outputs 0..7, descaled by 'shift' after adding 'round'.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pass(
        ref Vector256<int> x0, ref Vector256<int> x1, ref Vector256<int> x2, ref Vector256<int> x3,
        ref Vector256<int> x4, ref Vector256<int> x5, ref Vector256<int> x6, ref Vector256<int> x7,
        Vector256<int> round, [ConstantExpected] byte shift)
    {
        Vector256<int> z1 = (x2 + x6) * 4433;
        Vector256<int> tmp2 = z1 - (x6 * 15137);
        Vector256<int> tmp3 = z1 + (x2 * 6270);
        Vector256<int> tmp0 = Avx2.ShiftLeftLogical(x0 + x4, ConstBits) + round;
        Vector256<int> tmp1 = Avx2.ShiftLeftLogical(x0 - x4, ConstBits) + round;
        Vector256<int> tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        // Odd part: inputs 7, 5, 3, 1.
        Vector256<int> o0 = x7, o1 = x5, o2 = x3, o3 = x1;
        z1 = o0 + o3;
        Vector256<int> z2 = o1 + o2, z3 = o0 + o2, z4 = o1 + o3;
        Vector256<int> z5 = (z3 + z4) * 9633;
        o0 *= 2446;
        o1 *= 16819;
        o2 *= 25172;
        o3 *= 12299;
        z1 *= -7373;
        z2 *= -20995;
        z3 = (z3 * -16069) + z5;
        z4 = (z4 * -3196) + z5;
        o0 += z1 + z3;
        o1 += z2 + z4;
        o2 += z2 + z3;
        o3 += z1 + z4;

        x0 = Avx2.ShiftRightArithmetic(tmp10 + o3, shift);
        x7 = Avx2.ShiftRightArithmetic(tmp10 - o3, shift);
        x1 = Avx2.ShiftRightArithmetic(tmp11 + o2, shift);
        x6 = Avx2.ShiftRightArithmetic(tmp11 - o2, shift);
        x2 = Avx2.ShiftRightArithmetic(tmp12 + o1, shift);
        x5 = Avx2.ShiftRightArithmetic(tmp12 - o1, shift);
        x3 = Avx2.ShiftRightArithmetic(tmp13 + o0, shift);
        x4 = Avx2.ShiftRightArithmetic(tmp13 - o0, shift);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        Vector256<long> t0 = Avx2.UnpackLow(r0, r1).AsInt64(), t1 = Avx2.UnpackHigh(r0, r1).AsInt64();
        Vector256<long> t2 = Avx2.UnpackLow(r2, r3).AsInt64(), t3 = Avx2.UnpackHigh(r2, r3).AsInt64();
        Vector256<long> t4 = Avx2.UnpackLow(r4, r5).AsInt64(), t5 = Avx2.UnpackHigh(r4, r5).AsInt64();
        Vector256<long> t6 = Avx2.UnpackLow(r6, r7).AsInt64(), t7 = Avx2.UnpackHigh(r6, r7).AsInt64();
        Vector256<int> u0 = Avx2.UnpackLow(t0, t2).AsInt32(), u1 = Avx2.UnpackHigh(t0, t2).AsInt32();
        Vector256<int> u2 = Avx2.UnpackLow(t1, t3).AsInt32(), u3 = Avx2.UnpackHigh(t1, t3).AsInt32();
        Vector256<int> u4 = Avx2.UnpackLow(t4, t6).AsInt32(), u5 = Avx2.UnpackHigh(t4, t6).AsInt32();
        Vector256<int> u6 = Avx2.UnpackLow(t5, t7).AsInt32(), u7 = Avx2.UnpackHigh(t5, t7).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }
}
