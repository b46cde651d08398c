namespace VisionPS.Core.Imaging.Png;

/// <summary>Every PNG colour type and bit depth, Adam7 included, to RGB or RGBA.</summary>
internal static class PngDecoder
{
    public static PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options) => throw new NotImplementedException();
}
