using VisionPS.Imaging.Jpeg;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>
/// At 1/8 the AC codes are only skipped, several per lookup of <see cref="JpegHuffmanTable.AcSkip"/>: the output must
/// stay exactly djpeg's, including blocks whose last coefficient is position 63 (no end-of-block code; quality 100)
/// and optimised tables with short codes (many symbols per lookup).
/// </summary>
public class JpegAcSkipTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(SharedPaths.Samples, "*.jpg").Order())
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void SamplePhoto_AtOneEighth_IsExactlyDjpeg(string fileName) =>
        AssertExact(Path.Combine(SharedPaths.Samples, fileName));

    [Theory]
    [InlineData("skip_q100.jpg", new[] { "-quality", "100" })]
    [InlineData("skip_q100_opt.jpg", new[] { "-quality", "100", "-optimize" })]
    [InlineData("skip_q20_opt.jpg", new[] { "-quality", "20", "-optimize" })]
    [InlineData("skip_q95_444_restart.jpg", new[] { "-quality", "95", "-sample", "1x1", "-restart", "1" })]
    [InlineData("skip_q100_gray.jpg", new[] { "-quality", "100", "-grayscale" })]
    public void CjpegVariant_AtOneEighth_IsExactlyDjpeg(string name, string[] cjpegArgs) =>
        AssertExact(JpegReference.MakeWithCjpeg(Path.Combine(SharedPaths.Samples, "street_classic_cars.jpg"), name, cjpegArgs));

    [Fact]
    public void SkipEntries_AgreeWithDecodingOneSymbolAtATime()
    {
        // The standard luminance AC table (T.81 K.3.3.2), as the encoder writes it.
        var standard = Imaging.Jpeg.Encoder.JpegHuffmanTable.LuminanceAc;
        var table = new JpegHuffmanTable(standard.Counts, standard.Symbols);
        int multiSymbolEntries = 0;
        for (int peek = 0; peek < 1 << JpegHuffmanTable.SkipBits; peek++)
        {
            // Walk the 12 bits symbol by symbol through the reader.
            JpegBitReader reader = TwelveBits.Reader(peek);
            int used = 0, advance = 0, eob = 0, symbolsTaken = 0;
            while (true)
            {
                int rs = TwelveBits.Symbol(ref reader, table, out int length);
                int size = rs & 15;
                if (used + length + size > JpegHuffmanTable.SkipBits)
                {
                    break;
                }

                if (size == 0 && rs != 0xF0)
                {
                    used += length;
                    eob = 1;
                    symbolsTaken++;
                    break;
                }

                int step = size == 0 ? 16 : (rs >> 4) + 1;
                if (advance + step >= 64)
                {
                    break;
                }

                reader.ReadBits(size);
                used += length + size;
                advance += step;
                symbolsTaken++;
            }

            int expected = used == 0 ? 0 : (eob << 10) | (advance << 4) | used;
            Assert.True(expected == table.AcSkip[peek], $"peek {peek:X3}: expected {expected:X4}, table {table.AcSkip[peek]:X4}");
            multiSymbolEntries += symbolsTaken > 1 ? 1 : 0;
        }

        Assert.True(multiSymbolEntries > 1000, $"only {multiSymbolEntries} entries hold more than one symbol");
    }

    private static void AssertExact(string path)
    {
        RawImage reference = ReferenceTools.Djpeg(path, "1/8");
        var ours = JpegReference.Decode(File.ReadAllBytes(path), 8);
        Assert.Equal(0, ImageCompare.MaxDifference(reference, ours));
    }
}
