using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Jpeg.Encoder;

/// <summary>
/// State of one baseline encode: tables for the chosen quality, the current MCU row in YCbCr, the DC predictors and
/// the output. Blocks outside the image that only fill the last MCUs are coded the way libjpeg codes them (jccoefct.c):
/// no AC and the DC of the block coded before, i.e. two short codes each.
/// </summary>
internal sealed class JpegEncoderCore : IDisposable
{
    private readonly PixelBuffer pixels;
    private readonly JpegQuantizationTable lumaTable;
    private readonly JpegQuantizationTable chromaTable;
    private readonly JpegQuantizer lumaQuantizer;
    private readonly JpegQuantizer chromaQuantizer;
    private readonly int mcuColumns;
    private readonly int mcuRows;
    private readonly int lumaBlocksWide;
    private readonly int lumaBlocksHigh;
    private readonly JpegBitWriter output;
    private readonly int[] block = new int[64];
    private int lastDcY;
    private int lastDcCb;
    private int lastDcCr;

    public JpegEncoderCore(PixelBuffer pixels, int quality)
    {
        this.pixels = pixels;
        lumaTable = JpegQuantizationTable.Luminance(quality);
        chromaTable = JpegQuantizationTable.Chrominance(quality);
        lumaQuantizer = new JpegQuantizer(lumaTable, 8);
        chromaQuantizer = new JpegQuantizer(chromaTable, 8);
        mcuColumns = (pixels.Width + 15) / 16;
        mcuRows = (pixels.Height + 15) / 16;
        lumaBlocksWide = (pixels.Width + 7) / 8;
        lumaBlocksHigh = (pixels.Height + 7) / 8;

        // Typical sizes are a bit over a bit per pixel at high quality; the writer grows if needed.
        output = new JpegBitWriter((int)Math.Min(int.MaxValue / 2, 4096 + ((long)pixels.Width * pixels.Height / 4)));
    }

    [MethodImpl(HotPath.Options)]
    public byte[] Encode()
    {
        if (pixels.Width > ushort.MaxValue || pixels.Height > ushort.MaxValue)
        {
            throw new ArgumentException($"JPEG cannot hold {pixels.Width}x{pixels.Height}; at most 65535 pixels a side.", nameof(pixels));
        }

        JpegMarkerWriter.WriteStartOfImage(output);
        JpegMarkerWriter.WriteQuantizationTable(output, 0, lumaTable);
        JpegMarkerWriter.WriteQuantizationTable(output, 1, chromaTable);
        JpegMarkerWriter.WriteFrameHeader(output, pixels.Width, pixels.Height);
        JpegMarkerWriter.WriteHuffmanTable(output, 0, 0, JpegHuffmanTable.LuminanceDc);
        JpegMarkerWriter.WriteHuffmanTable(output, 1, 0, JpegHuffmanTable.LuminanceAc);
        JpegMarkerWriter.WriteHuffmanTable(output, 0, 1, JpegHuffmanTable.ChrominanceDc);
        JpegMarkerWriter.WriteHuffmanTable(output, 1, 1, JpegHuffmanTable.ChrominanceAc);
        JpegMarkerWriter.WriteScanHeader(output);

        var stripe = new YCbCrStripe(mcuColumns);
        for (int mcuRow = 0; mcuRow < mcuRows; mcuRow++)
        {
            stripe.Load(pixels, mcuRow * 16);
            for (int mcuColumn = 0; mcuColumn < mcuColumns; mcuColumn++)
            {
                EncodeMcu(stripe, mcuRow, mcuColumn);
            }
        }

        output.FinishEntropyCodedData();
        JpegMarkerWriter.WriteEndOfImage(output);
        return output.ToArray();
    }

    public void Dispose() => output.Dispose();

    [MethodImpl(HotPath.Options)]
    private void EncodeMcu(YCbCrStripe stripe, int mcuRow, int mcuColumn)
    {
        for (int by = 0; by < 2; by++)
        {
            for (int bx = 0; bx < 2; bx++)
            {
                output.EnsureCapacity(1024);
                if ((mcuColumn * 2) + bx >= lumaBlocksWide || (mcuRow * 2) + by >= lumaBlocksHigh)
                {
                    EncodeEmptyBlock(JpegHuffmanTable.LuminanceDc, JpegHuffmanTable.LuminanceAc);
                    continue;
                }

                int offset = (by * 8 * stripe.LumaStride) + (mcuColumn * 16) + (bx * 8);
                ForwardDct.Transform(stripe.Luma.AsSpan(offset), stripe.LumaStride, block);
                lumaQuantizer.Quantize(block);
                EncodeBlock(ref lastDcY, JpegHuffmanTable.LuminanceDc, JpegHuffmanTable.LuminanceAc);
            }
        }

        output.EnsureCapacity(2048);
        ForwardDct.Transform(stripe.Cb.AsSpan(mcuColumn * 8), stripe.ChromaStride, block);
        chromaQuantizer.Quantize(block);
        EncodeBlock(ref lastDcCb, JpegHuffmanTable.ChrominanceDc, JpegHuffmanTable.ChrominanceAc);

        ForwardDct.Transform(stripe.Cr.AsSpan(mcuColumn * 8), stripe.ChromaStride, block);
        chromaQuantizer.Quantize(block);
        EncodeBlock(ref lastDcCr, JpegHuffmanTable.ChrominanceDc, JpegHuffmanTable.ChrominanceAc);
    }

    private void EncodeEmptyBlock(JpegHuffmanTable dc, JpegHuffmanTable ac)
    {
        output.WriteBits(dc.Codes[0], dc.Lengths[0]);
        output.WriteBits(ac.Codes[0x00], ac.Lengths[0x00]);
    }

    [MethodImpl(HotPath.Options)]
    private void EncodeBlock(ref int lastDc, JpegHuffmanTable dc, JpegHuffmanTable ac)
    {
        int[] coefficients = block;
        int diff = coefficients[0] - lastDc;
        lastDc = coefficients[0];
        int size = Magnitude(diff);
        output.WriteBits(dc.Codes[size], dc.Lengths[size]);
        if (size != 0)
        {
            output.WriteBits(AdditionalBits(diff, size), size);
        }

        ulong nonZero = NonZeroZigZagMask(coefficients);
        ReadOnlySpan<byte> natural = JpegZigZag.ToNatural;
        int previous = 0;
        uint[] codes = ac.Codes;
        byte[] lengths = ac.Lengths;
        while (nonZero != 0)
        {
            int k = BitOperations.TrailingZeroCount(nonZero);
            nonZero &= nonZero - 1;
            int run = k - previous - 1;
            while (run > 15)
            {
                output.WriteBits(codes[0xF0], lengths[0xF0]);
                run -= 16;
            }

            int value = coefficients[natural[k]];
            size = Magnitude(value);
            int symbol = (run << 4) | size;
            output.WriteBits((codes[symbol] << size) | AdditionalBits(value, size), lengths[symbol] + size);
            previous = k;
        }

        if (previous != 63)
        {
            output.WriteBits(codes[0x00], lengths[0x00]);
        }
    }

    /// <summary>Bit k set when zig-zag coefficient k (1..63) is non-zero, so runs of zeros are skipped in one step.</summary>
    [MethodImpl(HotPath.Options)]
    private static ulong NonZeroZigZagMask(int[] coefficients)
    {
        ulong natural = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (int i = 0; i < 64; i += 8)
            {
                Vector256<int> zero = Vector256.Equals(Vector256.Create(coefficients, i), Vector256<int>.Zero);
                natural |= (ulong)(~zero.ExtractMostSignificantBits() & 0xFF) << i;
            }
        }
        else
        {
            for (int i = 0; i < 64; i++)
            {
                natural |= coefficients[i] != 0 ? 1UL << i : 0;
            }
        }

        natural &= ~1UL; // the DC is coded separately
        ReadOnlySpan<byte> zigZag = JpegZigZag.ZigZagIndex;
        ulong mask = 0;
        while (natural != 0)
        {
            mask |= 1UL << zigZag[BitOperations.TrailingZeroCount(natural)];
            natural &= natural - 1;
        }

        return mask;
    }

    /// <summary>Number of bits of |value| (the SSSS category).</summary>
    [MethodImpl(HotPath.Options)]
    private static int Magnitude(int value) => value == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(value));

    /// <summary>The low <paramref name="size"/> bits of the value, or of value-1 for negative values (T.81 F.1.2.1).</summary>
    [MethodImpl(HotPath.Options)]
    private static uint AdditionalBits(int value, int size) => (uint)(value < 0 ? value - 1 : value) & ((1u << size) - 1);
}
