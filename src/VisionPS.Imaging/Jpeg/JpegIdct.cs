using System.Runtime.CompilerServices;

namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// Inverse DCTs producing 8x8, 4x4, 2x2 or 1x1 samples from one block, with the integer arithmetic of the IJG
/// "islow" (Loeffler-Ligtenberg-Moschytz) transform and its reduced-size variants, so results match libjpeg's
/// default output. Dequantisation happens here, only for the coefficients a size reads.
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    private const int Fix0_211164243 = 1730;
    private const int Fix0_298631336 = 2446;
    private const int Fix0_390180644 = 3196;
    private const int Fix0_509795579 = 4176;
    private const int Fix0_541196100 = 4433;
    private const int Fix0_601344887 = 4926;
    private const int Fix0_720959822 = 5906;
    private const int Fix0_765366865 = 6270;
    private const int Fix0_850430095 = 6967;
    private const int Fix0_899976223 = 7373;
    private const int Fix1_061594337 = 8697;
    private const int Fix1_175875602 = 9633;
    private const int Fix1_272758580 = 10426;
    private const int Fix1_451774981 = 11893;
    private const int Fix1_501321110 = 12299;
    private const int Fix1_847759065 = 15137;
    private const int Fix1_961570560 = 16069;
    private const int Fix2_053119869 = 16819;
    private const int Fix2_172734803 = 17799;
    private const int Fix2_562915447 = 20995;
    private const int Fix3_072711026 = 25172;
    private const int Fix3_624509785 = 29692;

    /// <summary>
    /// Writes a <paramref name="size"/> x <paramref name="size"/> block (size 1, 2, 4 or 8); <paramref name="workspace"/>
    /// is 64 ints of scratch space reused across blocks (a stackalloc per block would be zeroed every time).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static void Transform(int size, ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quant, Span<byte> output, int stride, Span<int> workspace)
    {
        switch (size)
        {
            case 8 when JpegSimd.UseAvx2:
                JpegIdctAvx2.Transform8(coefficients, quant, output, stride);
                break;
            case 8:
                Transform8(coefficients, quant, output, stride, workspace);
                break;
            case 4 when JpegSimd.UseAvx2:
                JpegIdctAvx2.Transform4(coefficients, quant, output, stride);
                break;
            case 4:
                Transform4(coefficients, quant, output, stride, workspace);
                break;
            case 2:
                Transform2(coefficients, quant, output, stride, workspace);
                break;
            default:
                output[0] = Clamp(Descale(coefficients[0] * quant[0], 3) + 128);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Descale(int x, int n) => (x + (1 << (n - 1))) >> n;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int x) => (byte)Math.Clamp(x, 0, 255);

    [MethodImpl(HotPath.Options)]
    public static void Transform8(ReadOnlySpan<short> input, ReadOnlySpan<int> quant, Span<byte> output, int stride, Span<int> workspace)
    {
        input = input[..64];
        quant = quant[..64];
        Span<int> ws = workspace[..64];
        for (int c = 0; c < 8; c++)
        {
            if (input[8 + c] == 0 && input[16 + c] == 0 && input[24 + c] == 0 && input[32 + c] == 0 &&
                input[40 + c] == 0 && input[48 + c] == 0 && input[56 + c] == 0)
            {
                int dc = input[c] * quant[c] << Pass1Bits;
                for (int r = 0; r < 8; r++)
                {
                    ws[(r * 8) + c] = dc;
                }

                continue;
            }

            int z2 = input[16 + c] * quant[16 + c];
            int z3 = input[48 + c] * quant[48 + c];
            int z1 = (z2 + z3) * Fix0_541196100;
            int tmp2 = z1 - (z3 * Fix1_847759065);
            int tmp3 = z1 + (z2 * Fix0_765366865);
            z2 = input[c] * quant[c];
            z3 = input[32 + c] * quant[32 + c];
            int tmp0 = (z2 + z3) << ConstBits;
            int tmp1 = (z2 - z3) << ConstBits;
            int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

            tmp0 = input[56 + c] * quant[56 + c];
            tmp1 = input[40 + c] * quant[40 + c];
            tmp2 = input[24 + c] * quant[24 + c];
            tmp3 = input[8 + c] * quant[8 + c];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits - Pass1Bits;
            ws[c] = Descale(tmp10 + tmp3, shift);
            ws[56 + c] = Descale(tmp10 - tmp3, shift);
            ws[8 + c] = Descale(tmp11 + tmp2, shift);
            ws[48 + c] = Descale(tmp11 - tmp2, shift);
            ws[16 + c] = Descale(tmp12 + tmp1, shift);
            ws[40 + c] = Descale(tmp12 - tmp1, shift);
            ws[24 + c] = Descale(tmp13 + tmp0, shift);
            ws[32 + c] = Descale(tmp13 - tmp0, shift);
        }

        for (int r = 0; r < 8; r++)
        {
            Span<byte> o = output.Slice(r * stride, 8);
            ReadOnlySpan<int> w = ws.Slice(r * 8, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                o.Fill(Clamp(Descale(w[0], Pass1Bits + 3) + 128));
                continue;
            }

            int z2 = w[2], z3 = w[6];
            int z1 = (z2 + z3) * Fix0_541196100;
            int tmp2 = z1 - (z3 * Fix1_847759065);
            int tmp3 = z1 + (z2 * Fix0_765366865);
            int tmp0 = (w[0] + w[4]) << ConstBits;
            int tmp1 = (w[0] - w[4]) << ConstBits;
            int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

            tmp0 = w[7];
            tmp1 = w[5];
            tmp2 = w[3];
            tmp3 = w[1];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits + Pass1Bits + 3;
            o[0] = Clamp(Descale(tmp10 + tmp3, shift) + 128);
            o[7] = Clamp(Descale(tmp10 - tmp3, shift) + 128);
            o[1] = Clamp(Descale(tmp11 + tmp2, shift) + 128);
            o[6] = Clamp(Descale(tmp11 - tmp2, shift) + 128);
            o[2] = Clamp(Descale(tmp12 + tmp1, shift) + 128);
            o[5] = Clamp(Descale(tmp12 - tmp1, shift) + 128);
            o[3] = Clamp(Descale(tmp13 + tmp0, shift) + 128);
            o[4] = Clamp(Descale(tmp13 - tmp0, shift) + 128);
        }
    }

    // In: tmp0..tmp3 = inputs 7, 5, 3, 1. Out: the four odd-part terms.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OddPart(ref int tmp0, ref int tmp1, ref int tmp2, ref int tmp3)
    {
        int z1 = tmp0 + tmp3, z2 = tmp1 + tmp2, z3 = tmp0 + tmp2, z4 = tmp1 + tmp3;
        int z5 = (z3 + z4) * Fix1_175875602;
        tmp0 *= Fix0_298631336;
        tmp1 *= Fix2_053119869;
        tmp2 *= Fix3_072711026;
        tmp3 *= Fix1_501321110;
        z1 *= -Fix0_899976223;
        z2 *= -Fix2_562915447;
        z3 = (z3 * -Fix1_961570560) + z5;
        z4 = (z4 * -Fix0_390180644) + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }

    // IJG jidctred 4x4: row/column 4 of the input is not used.
    [MethodImpl(HotPath.Options)]
    public static void Transform4(ReadOnlySpan<short> input, ReadOnlySpan<int> quant, Span<byte> output, int stride, Span<int> workspace)
    {
        input = input[..64];
        quant = quant[..64];
        Span<int> ws = workspace[..32]; // 8 columns x 4 rows
        for (int c = 0; c < 8; c++)
        {
            if (c == 4)
            {
                continue;
            }

            if (input[8 + c] == 0 && input[16 + c] == 0 && input[24 + c] == 0 &&
                input[40 + c] == 0 && input[48 + c] == 0 && input[56 + c] == 0)
            {
                int dc = input[c] * quant[c] << Pass1Bits;
                ws[c] = ws[8 + c] = ws[16 + c] = ws[24 + c] = dc;
                continue;
            }

            int tmp0 = input[c] * quant[c] << (ConstBits + 1);
            int tmp2 = (input[16 + c] * quant[16 + c] * Fix1_847759065) - (input[48 + c] * quant[48 + c] * Fix0_765366865);
            int tmp10 = tmp0 + tmp2, tmp12 = tmp0 - tmp2;
            Odd4(input[56 + c] * quant[56 + c], input[40 + c] * quant[40 + c], input[24 + c] * quant[24 + c], input[8 + c] * quant[8 + c], out tmp0, out tmp2);

            const int shift = ConstBits - Pass1Bits + 1;
            ws[c] = Descale(tmp10 + tmp2, shift);
            ws[24 + c] = Descale(tmp10 - tmp2, shift);
            ws[8 + c] = Descale(tmp12 + tmp0, shift);
            ws[16 + c] = Descale(tmp12 - tmp0, shift);
        }

        for (int r = 0; r < 4; r++)
        {
            Span<byte> o = output.Slice(r * stride, 4);
            ReadOnlySpan<int> w = ws.Slice(r * 8, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                o.Fill(Clamp(Descale(w[0], Pass1Bits + 3) + 128));
                continue;
            }

            int tmp0 = w[0] << (ConstBits + 1);
            int tmp2 = (w[2] * Fix1_847759065) - (w[6] * Fix0_765366865);
            int tmp10 = tmp0 + tmp2, tmp12 = tmp0 - tmp2;
            Odd4(w[7], w[5], w[3], w[1], out tmp0, out tmp2);

            const int shift = ConstBits + Pass1Bits + 3 + 1;
            o[0] = Clamp(Descale(tmp10 + tmp2, shift) + 128);
            o[3] = Clamp(Descale(tmp10 - tmp2, shift) + 128);
            o[1] = Clamp(Descale(tmp12 + tmp0, shift) + 128);
            o[2] = Clamp(Descale(tmp12 - tmp0, shift) + 128);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Odd4(int z1, int z2, int z3, int z4, out int tmp0, out int tmp2)
    {
        tmp0 = (z1 * -Fix0_211164243) + (z2 * Fix1_451774981) + (z3 * -Fix2_172734803) + (z4 * Fix1_061594337);
        tmp2 = (z1 * -Fix0_509795579) + (z2 * -Fix0_601344887) + (z3 * Fix0_899976223) + (z4 * Fix2_562915447);
    }

    // IJG jidctred 2x2: only rows/columns 0, 1, 3, 5, 7 are used.
    [MethodImpl(HotPath.Options)]
    public static void Transform2(ReadOnlySpan<short> input, ReadOnlySpan<int> quant, Span<byte> output, int stride, Span<int> workspace)
    {
        Span<int> ws = workspace[..16]; // 8 columns x 2 rows
        if (JpegSimd.UseAvx2)
        {
            JpegIdctAvx2.Columns2(input, quant, ws);
        }
        else
        {
            Columns2(input, quant, ws);
        }

        for (int r = 0; r < 2; r++)
        {
            Span<byte> o = output.Slice(r * stride, 2);
            ReadOnlySpan<int> w = ws.Slice(r * 8, 8);
            if (w[1] == 0 && w[3] == 0 && w[5] == 0 && w[7] == 0)
            {
                o.Fill(Clamp(Descale(w[0], Pass1Bits + 3) + 128));
                continue;
            }

            int tmp10 = w[0] << (ConstBits + 2);
            int tmp0 = Odd2(w[7], w[5], w[3], w[1]);
            const int shift = ConstBits + Pass1Bits + 3 + 2;
            o[0] = Clamp(Descale(tmp10 + tmp0, shift) + 128);
            o[1] = Clamp(Descale(tmp10 - tmp0, shift) + 128);
        }
    }

    // The 2x2 IDCT's column pass: columns 0, 1, 3, 5 and 7 into two workspace rows (libjpeg's jpeg_idct_2x2).
    internal static void Columns2(ReadOnlySpan<short> input, ReadOnlySpan<int> quant, Span<int> ws)
    {
        input = input[..64];
        quant = quant[..64];
        for (int c = 0; c < 8; c++)
        {
            if (c is 2 or 4 or 6)
            {
                continue;
            }

            if (input[8 + c] == 0 && input[24 + c] == 0 && input[40 + c] == 0 && input[56 + c] == 0)
            {
                ws[c] = ws[8 + c] = input[c] * quant[c] << Pass1Bits;
                continue;
            }

            int tmp10 = input[c] * quant[c] << (ConstBits + 2);
            int tmp0 = Odd2(input[56 + c] * quant[56 + c], input[40 + c] * quant[40 + c], input[24 + c] * quant[24 + c], input[8 + c] * quant[8 + c]);
            const int shift = ConstBits - Pass1Bits + 2;
            ws[c] = Descale(tmp10 + tmp0, shift);
            ws[8 + c] = Descale(tmp10 - tmp0, shift);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Odd2(int in7, int in5, int in3, int in1) =>
        (in7 * -Fix0_720959822) + (in5 * Fix0_850430095) + (in3 * -Fix1_272758580) + (in1 * Fix3_624509785);
}
