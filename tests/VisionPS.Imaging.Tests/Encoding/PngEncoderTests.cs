using System.Buffers.Binary;
using System.IO.Compression;
using VisionPS.Imaging;
using VisionPS.Imaging.Png;
using VisionPS.Imaging.Png.Encoder;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.EncodingTests;

/// <summary>Our PNG read back by ImageMagick (exact pixels), plus a chunk-level check (pngcheck is not installed).</summary>
public sealed class PngEncoderTests
{
    public static TheoryData<string> Images() =>
    [
        "gradient rgb 1x1", "gradient rgb 17x9", "gradient rgb 2049x3", "gradient rgb 3x200", "gradient rgba 100x50",
        "noise rgb 64x61", "noise rgba 33x17", "noise rgba 1x1", "shapes rgb 120x90",
    ];

    [Theory]
    [MemberData(nameof(Images))]
    public void ImageMagick_reads_back_exactly_the_input_pixels(string name)
    {
        PixelBuffer image = Make(name);

        byte[] png = BuiltInImageEngine.Instance.EncodePng(image);
        RawImage decoded = ReferenceTools.MagickRgba(png);

        Assert.Equal(0, ImageCompare.MaxDifference(decoded, image));
        AssertWellFormed(png, image);
    }

    [Fact]
    public void Sample_photo_round_trips_exactly_and_uses_several_filters()
    {
        PixelBuffer photo = EncoderTestImages.Photo(EncoderTestImages.SamplePhotos()[0]);

        byte[] png = BuiltInImageEngine.Instance.EncodePng(photo);

        Assert.Equal(0, ImageCompare.MaxDifference(ReferenceTools.MagickRgba(png), photo));
        List<(string Type, byte[] Data)> chunks = AssertWellFormed(png, photo);
        Assert.True(chunks.Count(c => c.Type == "IDAT") > 1);
        byte[] scanlines = Inflate(chunks);
        var filterTypes = Enumerable.Range(0, photo.Height).Select(y => scanlines[y * (1 + photo.Stride)]).ToHashSet();
        Assert.True(filterTypes.Count >= 3, $"filters used: {string.Join(",", filterTypes)}");
        Assert.All(filterTypes, t => Assert.InRange(t, 0, 4));
    }

    [Fact]
    public void Large_noise_is_split_into_64_KiB_IDAT_chunks_and_still_decodes()
    {
        PixelBuffer noise = EncoderTestImages.Noise(300, 300, PixelLayout.Rgba32, seed: 7);

        byte[] png = BuiltInImageEngine.Instance.EncodePng(noise);

        List<(string Type, byte[] Data)> chunks = AssertWellFormed(png, noise);
        var idat = chunks.Where(c => c.Type == "IDAT").ToList();
        Assert.True(idat.Count >= 5, $"{idat.Count} IDAT chunks");
        Assert.All(idat.SkipLast(1), c => Assert.Equal(IdatChunkStream.ChunkSize, c.Data.Length));
        Assert.Equal(0, ImageCompare.MaxDifference(ReferenceTools.MagickRgba(png), noise));
    }

    [Fact]
    public void Each_filter_is_undone_by_the_specification_s_reconstruction()
    {
        var random = new Random(11);
        foreach (int bpp in new[] { 3, 4 })
        {
            foreach (int length in new[] { bpp, bpp * 5, bpp * 37 })
            {
                byte[] previous = new byte[length], row = new byte[length], filtered = new byte[length];
                random.NextBytes(previous);
                random.NextBytes(row);

                SubFilterEncoder.Apply(row, bpp, filtered);
                Assert.Equal(row, Reconstruct(1, filtered, previous, bpp));
                UpFilterEncoder.Apply(row, previous, filtered);
                Assert.Equal(row, Reconstruct(2, filtered, previous, bpp));
                AverageFilterEncoder.Apply(row, previous, bpp, filtered);
                Assert.Equal(row, Reconstruct(3, filtered, previous, bpp));
                PaethFilterEncoder.Apply(row, previous, bpp, filtered);
                Assert.Equal(row, Reconstruct(4, filtered, previous, bpp));
            }
        }
    }

    [Fact]
    public void Filter_cost_reads_bytes_as_signed()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)0xFF, 20), 0x80, 0x7F, 1, 0];

        Assert.Equal(20 + 128 + 127 + 1, FilterCost.SumOfAbsoluteValues(bytes));
    }

    /// <summary>Signature, IHDR first with our fields, then only IDAT and an empty IEND last, every CRC right.</summary>
    private static List<(string Type, byte[] Data)> AssertWellFormed(byte[] png, PixelBuffer image)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string, byte[])>();
        int pos = 8;
        while (pos < png.Length)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos)));
            string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            byte[] data = png[(pos + 8)..(pos + 8 + length)];
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(PngCrc.Compute(png.AsSpan(pos + 4, 4 + length)), crc);
            chunks.Add((type, data));
            pos += 12 + length;
        }

        Assert.Equal(png.Length, pos);
        Assert.Equal("IHDR", chunks[0].Item1);
        byte[] header = chunks[0].Item2;
        Assert.Equal(13, header.Length);
        Assert.Equal((uint)image.Width, BinaryPrimitives.ReadUInt32BigEndian(header));
        Assert.Equal((uint)image.Height, BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(new byte[] { 8, (byte)(image.HasAlpha ? 6 : 2), 0, 0, 0 }, header[8..]);
        Assert.Equal(("IEND", Array.Empty<byte>()), chunks[^1]);
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.Equal("IDAT", c.Item1));
        Assert.True(chunks.Count >= 3);
        return chunks;
    }

    private static byte[] Inflate(List<(string Type, byte[] Data)> chunks)
    {
        byte[] zlib = [.. chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data)];
        using var inflater = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        var result = new MemoryStream();
        inflater.CopyTo(result);
        return result.ToArray();
    }

    /// <summary>PNG specification 9.2/9.4, byte by byte: the reference the encoders must invert.</summary>
    private static byte[] Reconstruct(int type, byte[] filtered, byte[] previous, int bpp)
    {
        var row = new byte[filtered.Length];
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
            int predictor = type switch
            {
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                _ => Paeth(a, b, c),
            };
            row[i] = (byte)(filtered[i] + predictor);
        }

        return row;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static PixelBuffer Make(string name)
    {
        string[] parts = name.Split(' ');
        PixelLayout layout = parts[1] == "rgba" ? PixelLayout.Rgba32 : PixelLayout.Rgb24;
        string[] size = parts[2].Split('x');
        int width = int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture);
        return parts[0] switch
        {
            "gradient" => EncoderTestImages.Gradient(width, height, layout),
            "shapes" => EncoderTestImages.Shapes(width, height),
            _ => EncoderTestImages.Noise(width, height, layout, seed: width + height),
        };
    }
}
