using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// YCbCr to RGB24 sixteen pixels at a time with the same 32-bit fixed-point formulas as <see cref="JpegColorConverter"/>
/// (libjpeg's jdcolor.c), so the bytes are identical; saturating packs do the clamp to 0..255.
/// </summary>
internal static class JpegColorConverterAvx2
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);
    private const int CrToRFactor = 91881;   // FIX(1.40200)
    private const int CbToBFactor = 116130;  // FIX(1.77200)
    private const int CrToGFactor = -46802;  // -FIX(0.71414)
    private const int CbToGFactor = -22554;  // -FIX(0.34414)

    // For each of the three 16-byte output pieces, where each output byte comes from in the R, G or B vector (0x80: none).
    private static readonly Vector128<byte>[] Masks = BuildMasks();

    /// <summary>Converts the first multiple of 16 pixels; returns how many it converted.</summary>
    [MethodImpl(HotPath.Options)]
    public static int Convert(ReadOnlySpan<byte> yRow, ReadOnlySpan<byte> cbRow, ReadOnlySpan<byte> crRow, Span<byte> rgb, int width)
    {
        int vectorWidth = width & ~15;
        if (yRow.Length < vectorWidth || cbRow.Length < vectorWidth || crRow.Length < vectorWidth || rgb.Length < 3 * vectorWidth)
        {
            return 0;
        }

        ref byte y0 = ref MemoryMarshal.GetReference(yRow);
        ref byte cb0 = ref MemoryMarshal.GetReference(cbRow);
        ref byte cr0 = ref MemoryMarshal.GetReference(crRow);
        ref byte out0 = ref MemoryMarshal.GetReference(rgb);
        Vector128<byte>[] masks = Masks;
        Vector128<byte> r0 = masks[0], g0 = masks[1], b0 = masks[2], r1 = masks[3], g1 = masks[4], b1 = masks[5], r2 = masks[6], g2 = masks[7], b2 = masks[8];
        for (int x = 0; x < vectorWidth; x += 16)
        {
            Vector256<int> yLo = Widen(ref y0, x), yHi = Widen(ref y0, x + 8);
            Vector256<int> cbLo = Widen(ref cb0, x) - Vector256.Create(128), cbHi = Widen(ref cb0, x + 8) - Vector256.Create(128);
            Vector256<int> crLo = Widen(ref cr0, x) - Vector256.Create(128), crHi = Widen(ref cr0, x + 8) - Vector256.Create(128);
            Vector128<byte> r = Pack(yLo + Descale(crLo * CrToRFactor), yHi + Descale(crHi * CrToRFactor));
            Vector128<byte> b = Pack(yLo + Descale(cbLo * CbToBFactor), yHi + Descale(cbHi * CbToBFactor));
            Vector128<byte> g = Pack(
                yLo + Avx2.ShiftRightArithmetic((cbLo * CbToGFactor) + Vector256.Create(Half) + (crLo * CrToGFactor), ScaleBits),
                yHi + Avx2.ShiftRightArithmetic((cbHi * CbToGFactor) + Vector256.Create(Half) + (crHi * CrToGFactor), ScaleBits));
            ref byte o = ref Unsafe.Add(ref out0, 3 * x);
            (Ssse3.Shuffle(r, r0) | Ssse3.Shuffle(g, g0) | Ssse3.Shuffle(b, b0)).StoreUnsafe(ref o);
            (Ssse3.Shuffle(r, r1) | Ssse3.Shuffle(g, g1) | Ssse3.Shuffle(b, b1)).StoreUnsafe(ref o, 16);
            (Ssse3.Shuffle(r, r2) | Ssse3.Shuffle(g, g2) | Ssse3.Shuffle(b, b2)).StoreUnsafe(ref o, 32);
        }

        return vectorWidth;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Widen(ref byte row, int x) => Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref row, (nuint)x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Descale(Vector256<int> v) => Avx2.ShiftRightArithmetic(v + Vector256.Create(Half), ScaleBits);

    // 16 ints (two vectors, pixels in order) to 16 bytes, clamped to 0..255.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Pack(Vector256<int> lo, Vector256<int> hi)
    {
        Vector256<short> shorts = Avx2.Permute4x64(Avx2.PackSignedSaturate(lo, hi).AsInt64(), 0b11_01_10_00).AsInt16();
        return Sse2.PackUnsignedSaturate(shorts.GetLower(), shorts.GetUpper());
    }

    private static Vector128<byte>[] BuildMasks()
    {
        var masks = new Vector128<byte>[9];
        Span<byte> m = stackalloc byte[16];
        for (int piece = 0; piece < 3; piece++)
        {
            for (int channel = 0; channel < 3; channel++)
            {
                for (int i = 0; i < 16; i++)
                {
                    int at = (16 * piece) + i;
                    m[i] = at % 3 == channel ? (byte)(at / 3) : (byte)0x80;
                }

                masks[(3 * piece) + channel] = Vector128.Create((ReadOnlySpan<byte>)m);
            }
        }

        return masks;
    }
}
