using System.Runtime.CompilerServices;
namespace VisionPS.Imaging.Jpeg.Encoder;

/// <summary>
/// One MCU row (16 pixel rows) of an image in YCbCr 4:2:0: full-resolution Y, and Cb/Cr averaged over 2×2 boxes, each
/// plane padded to whole MCUs by repeating the last column and row. Colour conversion uses libjpeg's 16-bit fixed-point
/// constants (jccolor.c) and downsampling its alternating rounding bias (jcsample.c, h2v2), so the planes equal cjpeg's.
/// </summary>
internal sealed class YCbCrStripe
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);
    private const int ChromaOffset = 128 << ScaleBits;
    private const int FixRY = 19595;   // 0.29900
    private const int FixGY = 38470;   // 0.58700
    private const int FixBY = 7471;    // 0.11400
    private const int FixRCb = 11059;  // 0.16874
    private const int FixGCb = 21709;  // 0.33126
    private const int FixHalf = 32768; // 0.50000
    private const int FixGCr = 27439;  // 0.41869
    private const int FixBCr = 5329;   // 0.08131

    private readonly byte[] cbFull;
    private readonly byte[] crFull;

    public YCbCrStripe(int mcuColumns)
    {
        LumaStride = mcuColumns * 16;
        ChromaStride = mcuColumns * 8;
        Luma = new byte[LumaStride * 16];
        Cb = new byte[ChromaStride * 8];
        Cr = new byte[ChromaStride * 8];
        cbFull = new byte[LumaStride * 2];
        crFull = new byte[LumaStride * 2];
    }

    public int LumaStride { get; }

    public int ChromaStride { get; }

    /// <summary>16 rows of <see cref="LumaStride"/> samples.</summary>
    public byte[] Luma { get; }

    /// <summary>8 rows of <see cref="ChromaStride"/> samples.</summary>
    public byte[] Cb { get; }

    /// <inheritdoc cref="Cb"/>
    public byte[] Cr { get; }

    /// <summary>Converts the MCU row whose top pixel row is <paramref name="top"/>.</summary>
    /// <remarks>
    /// Below the image libjpeg repeats the last converted row pair, then the last downsampled row (jcprepare.c), so a
    /// chroma row made only of padding copies the row above instead of averaging repeated pixels.
    /// </remarks>
    [MethodImpl(HotPath.Options)]
    public void Load(PixelBuffer pixels, int top)
    {
        int imageRows = Math.Min(16, pixels.Height - top);
        int chromaRows = (imageRows + 1) / 2;
        for (int pair = 0; pair < 8; pair++)
        {
            if (pair >= chromaRows)
            {
                Cb.AsSpan((chromaRows - 1) * ChromaStride, ChromaStride).CopyTo(Cb.AsSpan(pair * ChromaStride));
                Cr.AsSpan((chromaRows - 1) * ChromaStride, ChromaStride).CopyTo(Cr.AsSpan(pair * ChromaStride));
                Luma.AsSpan((imageRows - 1) * LumaStride, LumaStride).CopyTo(Luma.AsSpan(pair * 2 * LumaStride));
                Luma.AsSpan((imageRows - 1) * LumaStride, LumaStride).CopyTo(Luma.AsSpan(((pair * 2) + 1) * LumaStride));
                continue;
            }

            for (int half = 0; half < 2; half++)
            {
                int row = (pair * 2) + half;
                int sourceRow = Math.Min(top + row, pixels.Height - 1);
                ConvertRow(
                    pixels.GetRow(sourceRow),
                    pixels.BytesPerPixel,
                    pixels.Width,
                    Luma.AsSpan(row * LumaStride, LumaStride),
                    cbFull.AsSpan(half * LumaStride, LumaStride),
                    crFull.AsSpan(half * LumaStride, LumaStride));
            }

            Downsample(cbFull, Cb.AsSpan(pair * ChromaStride, ChromaStride));
            Downsample(crFull, Cr.AsSpan(pair * ChromaStride, ChromaStride));
        }
    }

    [MethodImpl(HotPath.Options)]
    private static void ConvertRow(ReadOnlySpan<byte> source, int bytesPerPixel, int width, Span<byte> y, Span<byte> cb, Span<byte> cr)
    {
        source = source[..(width * bytesPerPixel)];
        Span<byte> yImage = y[..width], cbImage = cb[..width], crImage = cr[..width];
        int start = JpegSimd.UseAvx2 ? YCbCrStripeAvx2.ConvertRow(source, bytesPerPixel, width, yImage, cbImage, crImage) : 0;
        for (int x = start, i = start * bytesPerPixel; x < yImage.Length; x++, i += bytesPerPixel)
        {
            int r = source[i], g = source[i + 1], b = source[i + 2];
            yImage[x] = (byte)(((FixRY * r) + (FixGY * g) + (FixBY * b) + Half) >> ScaleBits);
            cbImage[x] = (byte)((-(FixRCb * r) - (FixGCb * g) + (FixHalf * b) + ChromaOffset + Half - 1) >> ScaleBits);
            crImage[x] = (byte)(((FixHalf * r) - (FixGCr * g) - (FixBCr * b) + ChromaOffset + Half - 1) >> ScaleBits);
        }

        y[width..].Fill(y[width - 1]);
        cb[width..].Fill(cb[width - 1]);
        cr[width..].Fill(cr[width - 1]);
    }

    [MethodImpl(HotPath.Options)]
    private void Downsample(ReadOnlySpan<byte> twoRows, Span<byte> output)
    {
        ReadOnlySpan<byte> upper = twoRows[..LumaStride];
        ReadOnlySpan<byte> lower = twoRows.Slice(LumaStride, LumaStride);
        int start = JpegSimd.UseAvx2 ? YCbCrStripeAvx2.Downsample(upper, lower, output) : 0;
        for (int x = start; x < output.Length; x++)
        {
            int bias = 1 + (x & 1); // libjpeg alternates 1, 2 so that the rounding does not drift one way
            output[x] = (byte)((upper[2 * x] + upper[(2 * x) + 1] + lower[2 * x] + lower[(2 * x) + 1] + bias) >> 2);
        }
    }
}
