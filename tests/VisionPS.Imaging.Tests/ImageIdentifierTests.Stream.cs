using VisionPS.Imaging;

namespace VisionPS.Imaging.Tests;

/// <summary>The stream overload: same answers as the span overload, bounded reads, position handling.</summary>
public partial class ImageIdentifierTests
{
    [Theory]
    [MemberData(nameof(ManifestPaths))]
    public void IdentifyStream_ManifestFile_SameAsSpan(string path)
    {
        byte[] bytes = File.ReadAllBytes(ImageManifest.Get(path).FullPath);
        IdentifyOutcome expected = IdentifyOutcome.Of(() => ImageIdentifier.Identify(bytes, path));

        using var seekable = new MemoryStream(bytes, writable: false);
        Assert.Equal(expected, IdentifyOutcome.Of(() => ImageIdentifier.Identify(seekable, path)));

        using var trickle = new TrickleReadStream(bytes, maxChunk: 7);
        Assert.Equal(expected, IdentifyOutcome.Of(() => ImageIdentifier.Identify(trickle, path)));
    }

    [Theory]
    [InlineData("exif/landscape_orientation_6.jpg")]
    [InlineData("jpeg/baseline_444_320x240.jpg")]
    [InlineData("png/photo_rgb16_icc_149x227.png")]
    [InlineData("exif/png_legacy_exif_orientation_3_512x512.png")]
    [InlineData("webp/lossy_vp8_550x368.webp")]
    [InlineData("webp/lossless_vp8l_386x395.webp")]
    [InlineData("bmp/rgba32_v5_127x64.bmp")]
    public void IdentifyStream_HeaderNearTheStart_ReadsOnlyAPrefix(string path)
    {
        byte[] bytes = File.ReadAllBytes(ImageManifest.Get(path).FullPath);
        using var stream = new TrickleReadStream(bytes, maxChunk: int.MaxValue);

        ImageIdentifier.Identify(stream, path);

        Assert.True(stream.BytesRead < bytes.Length / 2, $"read {stream.BytesRead} of {bytes.Length} bytes");
    }

    [Fact]
    public void IdentifyStream_Seekable_RestoresThePosition()
    {
        byte[] image = File.ReadAllBytes(ImageManifest.Get("jpeg/baseline_420_227x149.jpg").FullPath);
        using var stream = new MemoryStream([.. new byte[5], .. image]) { Position = 5 };

        ImageInfo info = ImageIdentifier.Identify(stream);

        Assert.Equal((227, 149), (info.Width, info.Height));
        Assert.Equal(5, stream.Position);
    }

    [Fact]
    public void IdentifyStream_FileStream_NamesTheFileInErrors()
    {
        string path = ImageManifest.Get("corrupt/jpeg_truncated_in_header.jpg").FullPath;
        using FileStream stream = File.OpenRead(path);

        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(stream));

        Assert.Equal(path, invalid.SourceName);
        Assert.Contains(path, invalid.Message);
    }

    [Fact]
    public void IdentifyStream_GifLongerThanTheLimit_CountsFramesUpToTheLimit()
    {
        // Frames of about 64 KiB (257 full sub-blocks each) until the file is past the limit.
        using var gif = new MemoryStream();
        gif.Write(new ByteBuilder().Ascii("GIF89a").UInt16LE(64).UInt16LE(48).Bytes(0, 0, 0).ToArray());
        byte[] frame = new ByteBuilder().Bytes(0x2C).UInt16LE(0).UInt16LE(0).UInt16LE(64).UInt16LE(48).Bytes(0, 2).ToArray();
        byte[] subBlock = [255, .. new byte[255]];
        int frames = 0;
        while (gif.Length <= ImageIdentifier.MaxStreamBytes + 100_000)
        {
            gif.Write(frame);
            for (int i = 0; i < 257; i++)
            {
                gif.Write(subBlock);
            }

            gif.WriteByte(0);
            frames++;
        }

        gif.WriteByte(0x3B);
        byte[] bytes = gif.ToArray();

        ImageInfo fromSpan = ImageIdentifier.Identify(bytes);
        ImageInfo fromStream = ImageIdentifier.Identify(new TrickleReadStream(bytes, maxChunk: int.MaxValue));

        Assert.Equal(frames, fromSpan.FrameCount);
        Assert.Equal((64, 48), (fromStream.Width, fromStream.Height));
        Assert.True(fromStream.IsAnimated);
        Assert.InRange(fromStream.FrameCount, frames - 3, frames - 1);
    }

    [Fact]
    public void IdentifyStream_JpegFrameHeaderPastTheLimit_ReportsTheLimit()
    {
        // APP15 segments of 65533 payload bytes until the frame header lies past the limit.
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        byte[] segment = [0xFF, 0xEF, 0xFF, 0xFF, .. new byte[0xFFFD]];
        while (jpeg.Length <= ImageIdentifier.MaxStreamBytes)
        {
            jpeg.Write(segment);
        }

        jpeg.Write(SyntheticImages.Jpeg(10, 10).AsSpan(2));
        byte[] bytes = jpeg.ToArray();
        ImageInfo fromSpan = ImageIdentifier.Identify(bytes);
        Assert.Equal((10, 10), (fromSpan.Width, fromSpan.Height));

        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(new TrickleReadStream(bytes, int.MaxValue), "big.jpg"));

        Assert.Equal($"the APP15 segment does not end within the first {ImageIdentifier.MaxStreamBytes} bytes, the most VisionPS reads from a stream", invalid.Problem);
    }

    [Fact]
    public void IdentifyStream_Empty_IsUnknown()
    {
        var unknown = Assert.Throws<UnknownImageFormatException>(() => ImageIdentifier.Identify(new MemoryStream(), "empty.png"));

        Assert.Contains("empty", unknown.Message);
    }

    [Fact]
    public void IdentifyStream_NullStream_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => ImageIdentifier.Identify((Stream)null!));
    }
}
