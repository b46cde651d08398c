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
        // The standard luminance AC table (T.81 K.3.3.2).
        byte[] counts = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
        byte[] symbols =
        [
            0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32,
            0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16,
            0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45,
            0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
            0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94,
            0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
            0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8,
            0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
            0xf9, 0xfa,
        ];
        var table = new JpegHuffmanTable(counts, symbols);
        int multiSymbolEntries = 0;
        for (int peek = 0; peek < 1 << JpegHuffmanTable.SkipBits; peek++)
        {
            // Walk the 12 bits symbol by symbol through the reader (zero bits after them; a first byte FF is stuffed).
            byte[] bytes = peek >> 4 == 0xFF
                ? [0xFF, 0, (byte)((peek & 15) << 4), 0, 0, 0, 0, 0, 0, 0, 0]
                : [(byte)(peek >> 4), (byte)((peek & 15) << 4), 0, 0, 0, 0, 0, 0, 0, 0];
            var reader = new JpegBitReader(bytes, 0);
            int used = 0, advance = 0, eob = 0, symbolsTaken = 0;
            while (true)
            {
                reader.Ensure32();
                int countBefore = reader.Count;
                int rs = reader.DecodeSymbol(table);
                int length = countBefore - reader.Count;
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
