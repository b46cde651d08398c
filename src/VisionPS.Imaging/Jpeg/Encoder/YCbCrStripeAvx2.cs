using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VisionPS.Imaging.Jpeg.Encoder;

/// <summary>
/// The colour conversion and 2×2 downsampling of <see cref="YCbCrStripe"/> sixteen samples at a time, with the same
/// 32-bit fixed-point formulas (jccolor.c) and the same alternating 1, 2 rounding bias (jcsample.c), so the bytes are
/// identical; the caller finishes the remaining columns with the scalar code.
/// </summary>
internal static class YCbCrStripeAvx2
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);
    private const int ChromaOffset = 128 << ScaleBits;
    private const int FixRY = 19595;
    private const int FixGY = 38470;
    private const int FixBY = 7471;
    private const int FixRCb = 11059;
    private const int FixGCb = 21709;
    private const int FixGCr = 27439;
    private const int FixBCr = 5329;

    // For 3 and 4 bytes per pixel: for each source piece of 16 bytes, where channel c's 16 samples come from (0x80: not in that piece).
    private static readonly Vector128<byte>[] Rgb24Masks = BuildMasks(3);
    private static readonly Vector128<byte>[] Rgba32Masks = BuildMasks(4);

    /// <summary>Converts the first multiple of 16 pixels of a row; returns how many it converted.</summary>
    [MethodImpl(HotPath.Options)]
    public static int ConvertRow(ReadOnlySpan<byte> source, int bytesPerPixel, int width, Span<byte> y, Span<byte> cb, Span<byte> cr)
    {
        int vectorWidth = width & ~15;
        if ((bytesPerPixel != 3 && bytesPerPixel != 4) || source.Length < bytesPerPixel * vectorWidth
            || y.Length < vectorWidth || cb.Length < vectorWidth || cr.Length < vectorWidth)
        {
            return 0;
        }

        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte yOut = ref MemoryMarshal.GetReference(y);
        ref byte cbOut = ref MemoryMarshal.GetReference(cb);
        ref byte crOut = ref MemoryMarshal.GetReference(cr);
        Vector128<byte>[] masks = bytesPerPixel == 3 ? Rgb24Masks : Rgba32Masks;
        for (int x = 0; x < vectorWidth; x += 16)
        {
            ref byte pixels = ref Unsafe.Add(ref src, x * bytesPerPixel);
            Vector128<byte> p0 = Vector128.LoadUnsafe(ref pixels);
            Vector128<byte> p1 = Vector128.LoadUnsafe(ref pixels, 16);
            Vector128<byte> p2 = Vector128.LoadUnsafe(ref pixels, 32);
            Vector128<byte> r, g, b;
            if (bytesPerPixel == 3)
            {
                r = Ssse3.Shuffle(p0, masks[0]) | Ssse3.Shuffle(p1, masks[1]) | Ssse3.Shuffle(p2, masks[2]);
                g = Ssse3.Shuffle(p0, masks[3]) | Ssse3.Shuffle(p1, masks[4]) | Ssse3.Shuffle(p2, masks[5]);
                b = Ssse3.Shuffle(p0, masks[6]) | Ssse3.Shuffle(p1, masks[7]) | Ssse3.Shuffle(p2, masks[8]);
            }
            else
            {
                Vector128<byte> p3 = Vector128.LoadUnsafe(ref pixels, 48);
                r = Ssse3.Shuffle(p0, masks[0]) | Ssse3.Shuffle(p1, masks[1]) | Ssse3.Shuffle(p2, masks[2]) | Ssse3.Shuffle(p3, masks[3]);
                g = Ssse3.Shuffle(p0, masks[4]) | Ssse3.Shuffle(p1, masks[5]) | Ssse3.Shuffle(p2, masks[6]) | Ssse3.Shuffle(p3, masks[7]);
                b = Ssse3.Shuffle(p0, masks[8]) | Ssse3.Shuffle(p1, masks[9]) | Ssse3.Shuffle(p2, masks[10]) | Ssse3.Shuffle(p3, masks[11]);
            }

            Convert8(Low(r), Low(g), Low(b), out Vector256<int> yLo, out Vector256<int> cbLo, out Vector256<int> crLo);
            Convert8(High(r), High(g), High(b), out Vector256<int> yHi, out Vector256<int> cbHi, out Vector256<int> crHi);
            Pack(yLo, yHi).StoreUnsafe(ref yOut, (nuint)x);
            Pack(cbLo, cbHi).StoreUnsafe(ref cbOut, (nuint)x);
            Pack(crLo, crHi).StoreUnsafe(ref crOut, (nuint)x);
        }

        return vectorWidth;
    }

    /// <summary>Averages 2×2 boxes of the first multiple of 16 output samples; returns how many it wrote.</summary>
    [MethodImpl(HotPath.Options)]
    public static int Downsample(ReadOnlySpan<byte> upper, ReadOnlySpan<byte> lower, Span<byte> output)
    {
        int vectorWidth = output.Length & ~15;
        if (upper.Length < 2 * vectorWidth || lower.Length < 2 * vectorWidth)
        {
            return 0;
        }

        ref byte up = ref MemoryMarshal.GetReference(upper);
        ref byte low = ref MemoryMarshal.GetReference(lower);
        ref byte o = ref MemoryMarshal.GetReference(output);
        Vector256<sbyte> ones = Vector256.Create((sbyte)1);
        Vector256<short> bias = Vector256.Create(0x0002_0001).AsInt16(); // 1 on even outputs, 2 on odd ones
        for (int x = 0; x < vectorWidth; x += 16)
        {
            Vector256<short> sum = Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref up, (nuint)(2 * x)), ones)
                + Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref low, (nuint)(2 * x)), ones) + bias;
            sum = Avx2.ShiftRightLogical(sum, 2);
            Sse2.PackUnsignedSaturate(sum.GetLower(), sum.GetUpper()).StoreUnsafe(ref o, (nuint)x);
        }

        return vectorWidth;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Low(Vector128<byte> v) => Avx2.ConvertToVector256Int32(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> High(Vector128<byte> v) => Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(v, 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Convert8(Vector256<int> r, Vector256<int> g, Vector256<int> b, out Vector256<int> y, out Vector256<int> cb, out Vector256<int> cr)
    {
        y = Avx2.ShiftRightArithmetic((r * FixRY) + (g * FixGY) + (b * FixBY) + Vector256.Create(Half), ScaleBits);

        // FIX(0.5) is 1 << 15, so those products are shifts.
        Vector256<int> offset = Vector256.Create(ChromaOffset + Half - 1);
        cb = Avx2.ShiftRightArithmetic((b << 15) - (r * FixRCb) - (g * FixGCb) + offset, ScaleBits);
        cr = Avx2.ShiftRightArithmetic((r << 15) - (g * FixGCr) - (b * FixBCr) + offset, ScaleBits);
    }

    // 16 ints (0..255, two vectors, pixels in order) to 16 bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Pack(Vector256<int> lo, Vector256<int> hi)
    {
        Vector256<short> shorts = Avx2.Permute4x64(Avx2.PackSignedSaturate(lo, hi).AsInt64(), 0b11_01_10_00).AsInt16();
        return Sse2.PackUnsignedSaturate(shorts.GetLower(), shorts.GetUpper());
    }

    private static Vector128<byte>[] BuildMasks(int bytesPerPixel)
    {
        var masks = new Vector128<byte>[3 * bytesPerPixel];
        Span<byte> m = stackalloc byte[16];
        for (int channel = 0; channel < 3; channel++)
        {
            for (int piece = 0; piece < bytesPerPixel; piece++)
            {
                for (int i = 0; i < 16; i++)
                {
                    int at = (i * bytesPerPixel) + channel - (16 * piece);
                    m[i] = at is >= 0 and < 16 ? (byte)at : (byte)0x80;
                }

                masks[(channel * bytesPerPixel) + piece] = Vector128.Create((ReadOnlySpan<byte>)m);
            }
        }

        return masks;
    }
}
