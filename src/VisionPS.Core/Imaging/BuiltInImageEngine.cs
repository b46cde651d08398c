namespace VisionPS.Core.Imaging;

/// <summary>The codecs written for VisionPS (no image library in this registry); see <see cref="IImageEngine"/>.</summary>
public sealed class BuiltInImageEngine : IImageEngine
{
    public static BuiltInImageEngine Instance { get; } = new();

    public ImageInfo Identify(ReadOnlySpan<byte> data, string? sourceName) => ImageIdentifier.Identify(data, sourceName);

    public bool CanDecode(ImageFormat format) => throw new NotImplementedException();

    public PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options, string? sourceName) => throw new NotImplementedException();

    public PixelBuffer Resize(PixelBuffer source, int width, int height) => throw new NotImplementedException();

    public PixelBuffer ApplyOrientation(PixelBuffer source, int orientation) => throw new NotImplementedException();

    public PixelBuffer FlattenAlpha(PixelBuffer source, byte red, byte green, byte blue) => throw new NotImplementedException();

    public byte[] EncodeJpeg(PixelBuffer pixels, int quality) => throw new NotImplementedException();

    public byte[] EncodePng(PixelBuffer pixels) => throw new NotImplementedException();

    public byte[] StripMetadata(ReadOnlySpan<byte> data, string? sourceName) => throw new NotImplementedException();
}
