using VisionPS.Imaging.Jpeg;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>
/// At the value-storing scales (1/1 to 1/4) the AC coefficients come up to two per lookup of
/// <see cref="JpegHuffmanTable.AcMulti"/>: the output must stay exactly djpeg's, including blocks whose last coefficient
/// is position 63 (no end-of-block code; quality 100), optimised tables with short codes, restart intervals and grey.
/// </summary>
public class JpegAcMultiTests
{
    [Theory]
    [InlineData("multi_q100.jpg", new[] { "-quality", "100" }, "1/1")]
    [InlineData("multi_q100.jpg", new[] { "-quality", "100" }, "1/2")]
    [InlineData("multi_q100_opt.jpg", new[] { "-quality", "100", "-optimize" }, "1/1")]
    [InlineData("multi_q20_opt.jpg", new[] { "-quality", "20", "-optimize" }, "1/2")]
    [InlineData("multi_q95_444_restart.jpg", new[] { "-quality", "95", "-sample", "1x1", "-restart", "1" }, "1/1")]
    [InlineData("multi_q100_gray.jpg", new[] { "-quality", "100", "-grayscale" }, "1/4")]
    public void CjpegVariant_IsExactlyDjpeg(string name, string[] cjpegArgs, string scale)
    {
        string path = JpegReference.MakeWithCjpeg(Path.Combine(SharedPaths.Samples, "street_classic_cars.jpg"), name, cjpegArgs);
        RawImage reference = ReferenceTools.Djpeg(path, scale);
        var ours = JpegReference.Decode(File.ReadAllBytes(path), int.Parse(scale[2..]));
        Assert.Equal(0, ImageCompare.MaxDifference(reference, ours));
    }

    [Theory]
    [InlineData("luminance")]
    [InlineData("chrominance")]
    public void Entries_AgreeWithDecodingOneSymbolAtATime(string kind)
    {
        // The standard AC tables (T.81 K.3.3.2), as the encoder writes them.
        var standard = kind == "luminance" ? Imaging.Jpeg.Encoder.JpegHuffmanTable.LuminanceAc : Imaging.Jpeg.Encoder.JpegHuffmanTable.ChrominanceAc;
        var table = new JpegHuffmanTable(standard.Counts, standard.Symbols);
        int twoCoefficientEntries = 0;
        for (int peek = 0; peek < 1 << JpegAcMultiTable.Bits; peek++)
        {
            Expected expected = WalkOneSymbolAtATime(table, peek);
            ulong entry = table.AcMulti[peek];
            if (expected.Used == 0)
            {
                Assert.Equal(JpegAcMultiTable.Slow, entry);
                continue;
            }

            string at = $"peek {peek:X3}, entry {entry:X16}";
            Assert.True((int)(entry & 63) == expected.Used, $"{at}: bits used");
            Assert.True((int)((entry >> 13) & 63) == expected.Advance, $"{at}: positions advanced");
            Assert.True((int)((entry >> JpegAcMultiTable.EndOfBlockBit) & 1) == expected.EndOfBlock, $"{at}: end of block");
            Assert.True((int)((entry >> 6) & 127) == expected.Advance + expected.EndOfBlock, $"{at}: reach");

            // The block the entry writes, stored second-first as the decoder does, against the one the walk wrote.
            var written = new int[64 + 16];
            written[(int)((entry >> 24) & 63)] = (short)(entry >> 48);
            written[(int)((entry >> 20) & 15)] = (short)(entry >> 32);
            Assert.True(expected.Block.AsSpan(0, 48).SequenceEqual(written.AsSpan(0, 48)), $"{at}: coefficients");
            twoCoefficientEntries += expected.Coefficients == 2 ? 1 : 0;
        }

        Assert.True(twoCoefficientEntries > 1000, $"only {twoCoefficientEntries} entries hold two coefficients");
    }

    private sealed record Expected(int Used, int Advance, int EndOfBlock, int Coefficients, int[] Block);

    // The same 12 bits through the reader, one symbol at a time: at most two coefficients (a ZRL counts as one, of
    // value 0 fifteen positions on), then an end of block if its code fits too.
    private static Expected WalkOneSymbolAtATime(JpegHuffmanTable table, int peek)
    {
        JpegBitReader reader = TwelveBits.Reader(peek);
        var block = new int[64 + 16];
        int used = 0, advance = 0, eob = 0, coefficients = 0;
        while (true)
        {
            int rs = TwelveBits.Symbol(ref reader, table, out int length);
            int size = rs & 15;
            if (used + length + size > JpegAcMultiTable.Bits)
            {
                break;
            }

            if (size == 0 && rs != 0xF0)
            {
                used += length;
                eob = 1;
                break;
            }

            if (coefficients == 2)
            {
                break;
            }

            int value = reader.ReceiveExtend(size);
            block[advance + (rs >> 4)] = value;
            used += length + size;
            advance += (rs >> 4) + 1;
            coefficients++;
        }

        return new Expected(used, advance, eob, coefficients, block);
    }
}
