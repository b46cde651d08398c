using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using VisionPS.Imaging;
using VisionPS.Imaging.Png;

namespace VisionPS.Imaging.Tests.Fuzzing;

/// <summary>Small files that claim huge images are refused before their pixels are allocated.</summary>
public sealed class DecompressionBombTests
{
    [Fact]
    public void A_valid_20000x20000_png_of_50_KB_is_refused_without_allocating_its_pixels()
    {
        byte[] png = OneBitPng(20_000, 20_000);
        Assert.True(png.Length < 200_000, $"the bomb is {png.Length} bytes");

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageTooLargeException>(() => BuiltInImageEngine.Instance.Decode(png, DecodeOptions.Default, "bomb.png"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(20_000, error.Width);
        Assert.Contains("bomb.png", error.Message);
        Assert.True(allocated < 4_000_000, $"allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(65_535, 65_535)]
    [InlineData(12_000, 10_001)]
    public void A_jpeg_frame_header_over_the_limit_is_refused_before_allocation(int width, int height)
    {
        byte[] jpeg = File.ReadAllBytes(TestSupport.SharedPaths.Image("jpeg/baseline_420_227x149.jpg"));
        int sof = FindSof(jpeg);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ImageTooLargeException>(() => BuiltInImageEngine.Instance.Decode(jpeg, DecodeOptions.Default, "bomb.jpg"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000);
    }

    [Fact]
    public void The_limit_is_the_callers_to_set()
    {
        byte[] jpeg = File.ReadAllBytes(TestSupport.SharedPaths.Image("jpeg/baseline_420_227x149.jpg"));

        var error = Assert.Throws<ImageTooLargeException>(() => BuiltInImageEngine.Instance.Decode(jpeg, new DecodeOptions { MaxPixels = 10_000 }, "small.jpg"));

        Assert.Equal(10_000, error.MaxPixels);
        Assert.Contains("227x149", error.Message);
    }

    private static int FindSof(byte[] jpeg)
    {
        for (int i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("no SOF0");
    }

    private static byte[] OneBitPng(int width, int height)
    {
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + ((width + 7) / 8)];
            for (int y = 0; y < height; y++)
            {
                z.Write(row);
            }
        }

        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 1; // bit depth
        ihdr[9] = 0; // grayscale
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Compute(typeAndData));
        png.Write(word);
    }
}
