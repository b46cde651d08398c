using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VisionPS.Imaging.Jpeg;

/// <summary>How the decoded components map to RGB (chosen as libjpeg chooses, from JFIF/Adobe markers and component ids).</summary>
internal enum JpegColorSpace
{
    Grayscale,
    YCbCr,
    Rgb,
    Cmyk,
    Ycck,
}

/// <summary>
/// Converts rows of component samples to RGB with libjpeg's fixed-point YCbCr constants and rounding (jdcolor.c), and
/// CMYK/YCCK the way djpeg writes them as PPM: each of C, M, Y times K / 255, rounded (Adobe files store CMYK inverted,
/// so this gives the usual RGB).
/// </summary>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = new int[256];
    private static readonly int[] CbToB = new int[256];
    private static readonly int[] CrToG = new int[256];
    private static readonly int[] CbToG = new int[256];

    static JpegColorConverter()
    {
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            CrToR[i] = ((Fix(1.40200) * x) + Half) >> ScaleBits;
            CbToB[i] = ((Fix(1.77200) * x) + Half) >> ScaleBits;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = (-Fix(0.34414) * x) + Half;
        }
    }

    private static int Fix(double x) => (int)((x * (1 << ScaleBits)) + 0.5);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int x) => (uint)x <= 255 ? (byte)x : x < 0 ? (byte)0 : (byte)255;

    [MethodImpl(HotPath.Options)]
    public static void Convert(JpegColorSpace space, ReadOnlySpan<byte> row0, ReadOnlySpan<byte> row1, ReadOnlySpan<byte> row2, ReadOnlySpan<byte> row3, Span<byte> rgb)
    {
        switch (space)
        {
            case JpegColorSpace.Grayscale:
                Gray(row0, rgb);
                break;
            case JpegColorSpace.Rgb:
                Interleave(row0, row1, row2, rgb);
                break;
            case JpegColorSpace.YCbCr:
                YCbCr(row0, row1, row2, rgb);
                break;
            case JpegColorSpace.Cmyk:
                Cmyk(row0, row1, row2, row3, rgb);
                break;
            default:
                YCbCr(row0, row1, row2, rgb);
                YcckTail(rgb, row3);
                break;
        }
    }

    [MethodImpl(HotPath.Options)]
    private static void Gray(ReadOnlySpan<byte> y, Span<byte> rgb)
    {
        y = y[..(rgb.Length / 3)];
        for (int x = 0; x < y.Length; x++)
        {
            byte v = y[x];
            rgb[3 * x] = v;
            rgb[(3 * x) + 1] = v;
            rgb[(3 * x) + 2] = v;
        }
    }

    [MethodImpl(HotPath.Options)]
    private static void Interleave(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        r = r[..width];
        g = g[..width];
        b = b[..width];
        for (int x = 0; x < width; x++)
        {
            rgb[3 * x] = r[x];
            rgb[(3 * x) + 1] = g[x];
            rgb[(3 * x) + 2] = b[x];
        }
    }

    // Indexes: the four tables have 256 entries and every index is a byte; the rows were sliced to the width above.
    [MethodImpl(HotPath.Options)]
    private static void YCbCr(ReadOnlySpan<byte> yRow, ReadOnlySpan<byte> cbRow, ReadOnlySpan<byte> crRow, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        int start = JpegSimd.UseAvx2 ? JpegColorConverterAvx2.Convert(yRow, cbRow, crRow, rgb, width) : 0;
        ref byte y0 = ref MemoryMarshal.GetReference(yRow[..width]);
        ref byte cb0 = ref MemoryMarshal.GetReference(cbRow[..width]);
        ref byte cr0 = ref MemoryMarshal.GetReference(crRow[..width]);
        ref byte out0 = ref MemoryMarshal.GetReference(rgb[..(3 * width)]);
        ref int crToR = ref MemoryMarshal.GetArrayDataReference(CrToR);
        ref int cbToB = ref MemoryMarshal.GetArrayDataReference(CbToB);
        ref int crToG = ref MemoryMarshal.GetArrayDataReference(CrToG);
        ref int cbToG = ref MemoryMarshal.GetArrayDataReference(CbToG);
        for (int x = start; x < width; x++)
        {
            int y = Unsafe.Add(ref y0, x);
            int cb = Unsafe.Add(ref cb0, x);
            int cr = Unsafe.Add(ref cr0, x);
            ref byte o = ref Unsafe.Add(ref out0, 3 * x);
            o = Clamp(y + Unsafe.Add(ref crToR, cr));
            Unsafe.Add(ref o, 1) = Clamp(y + ((Unsafe.Add(ref cbToG, cb) + Unsafe.Add(ref crToG, cr)) >> ScaleBits));
            Unsafe.Add(ref o, 2) = Clamp(y + Unsafe.Add(ref cbToB, cb));
        }
    }

    // YCCK: the YCbCr part gives R'G'B' in place, and C = 255 - R' etc.; then the same as CMYK.
    [MethodImpl(HotPath.Options)]
    private static void YcckTail(Span<byte> rgb, ReadOnlySpan<byte> k)
    {
        int width = rgb.Length / 3;
        k = k[..width];
        for (int x = 0; x < width; x++)
        {
            int kk = k[x];
            for (int i = (3 * x); i < (3 * x) + 3; i++)
            {
                rgb[i] = CmykToRgb(255 - rgb[i], kk);
            }
        }
    }

    [MethodImpl(HotPath.Options)]
    private static void Cmyk(ReadOnlySpan<byte> c, ReadOnlySpan<byte> m, ReadOnlySpan<byte> y, ReadOnlySpan<byte> k, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        c = c[..width];
        m = m[..width];
        y = y[..width];
        k = k[..width];
        for (int x = 0; x < width; x++)
        {
            int kk = k[x];
            rgb[3 * x] = CmykToRgb(c[x], kk);
            rgb[(3 * x) + 1] = CmykToRgb(m[x], kk);
            rgb[(3 * x) + 2] = CmykToRgb(y[x], kk);
        }
    }

    // djpeg's (byte)(c * k / 255.0 + 0.5) in integers; the quotient is never exactly halfway.
    [MethodImpl(HotPath.Options)]
    private static byte CmykToRgb(int c, int k) => (byte)(((2 * c * k) + 255) / 510);
}
