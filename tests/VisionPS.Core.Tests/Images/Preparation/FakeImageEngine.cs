using VisionPS.Imaging;

namespace VisionPS.Core.Tests.Images.Preparation;

/// <summary>
/// An engine that records what the policy asked of it and makes up results: decodes give a buffer of the stored size
/// (or the IDCT-scaled size a JPEG decoder would give), JPEG sizes follow pixels × bytes-per-pixel-at-quality.
/// </summary>
internal sealed class FakeImageEngine : IImageEngine
{
    public List<string> Calls { get; } = [];

    public ImageInfo? Info { get; set; }

    /// <summary>Bytes the metadata stripper removes.</summary>
    public int MetadataBytes { get; set; }

    /// <summary>JPEG bytes per pixel at quality 100; scaled linearly by quality.</summary>
    public double JpegBytesPerPixelAt100 { get; set; } = 0.5;

    public double PngBytesPerPixel { get; set; } = 2.0;

    public bool DecodesAlpha { get; set; }

    public DecodeOptions? LastDecodeOptions { get; private set; }

    public ImageInfo Identify(ReadOnlySpan<byte> data, string? sourceName) => Info!;

    public int? SourceQuality { get; set; }

    public int? EstimateJpegQuality(ReadOnlySpan<byte> data) => SourceQuality;

    /// <summary>Whether WebP counts as decodable (as with ImageSharp); off by default.</summary>
    public bool DecodesWebP { get; set; }

    public bool CanDecode(ImageFormat format) => format is ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.Gif or ImageFormat.Bmp || (DecodesWebP && format == ImageFormat.WebP);

    public PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options, string? sourceName)
    {
        LastDecodeOptions = options;
        int width = Info!.Width, height = Info.Height;
        if (Info.Format == ImageFormat.Jpeg)
        {
            foreach (int scale in new[] { 8, 4, 2 })
            {
                int w = (width + scale - 1) / scale, h = (height + scale - 1) / scale;
                if (w >= options.MinimumWidth && h >= options.MinimumHeight)
                {
                    (width, height) = (w, h);
                    break;
                }
            }
        }

        Calls.Add($"Decode {width}x{height}");
        return Blank(width, height, DecodesAlpha ? PixelLayout.Rgba32 : PixelLayout.Rgb24);
    }

    public PixelBuffer Resize(PixelBuffer source, int width, int height)
    {
        Calls.Add($"Resize {source.Width}x{source.Height}->{width}x{height}");
        return Blank(width, height, source.Layout);
    }

    public PixelBuffer Crop(PixelBuffer source, int x, int y, int width, int height)
    {
        Calls.Add($"Crop {x},{y} {width}x{height}");
        return Blank(width, height, source.Layout);
    }

    public PixelBuffer ApplyOrientation(PixelBuffer source, int orientation)
    {
        if (orientation == 1)
        {
            return source;
        }

        Calls.Add($"Orient {orientation}");
        return orientation >= 5 ? Blank(source.Height, source.Width, source.Layout) : source;
    }

    public PixelBuffer FlattenAlpha(PixelBuffer source, byte red, byte green, byte blue)
    {
        Calls.Add("Flatten");
        return Blank(source.Width, source.Height, PixelLayout.Rgb24);
    }

    public byte[] EncodeJpeg(PixelBuffer pixels, int quality)
    {
        Calls.Add($"Jpeg {pixels.Width}x{pixels.Height} q{quality}");
        return new byte[Math.Max(1, (int)(pixels.Width * pixels.Height * JpegBytesPerPixelAt100 * quality / 100))];
    }

    public byte[] EncodePng(PixelBuffer pixels)
    {
        Calls.Add($"Png {pixels.Width}x{pixels.Height}");
        return new byte[(int)(pixels.Width * pixels.Height * PngBytesPerPixel)];
    }

    public VisionPS.Imaging.Compare.PixelMeasures Compare(ReadOnlySpan<byte> reference, string? referenceName, ReadOnlySpan<byte> difference, string? differenceName) =>
        throw new NotSupportedException("The preparation tests never compare.");

    public byte[] StripMetadata(ReadOnlySpan<byte> data, string? sourceName)
    {
        Calls.Add("Strip");
        return new byte[data.Length - MetadataBytes];
    }

    // All zero, so an RGBA buffer is fully transparent: pooled arrays come uninitialised the first time.
    private static PixelBuffer Blank(int width, int height, PixelLayout layout)
    {
        var buffer = new PixelBuffer(width, height, layout);
        Array.Clear(buffer.Data);
        return buffer;
    }
}
