namespace VisionPS.Core.Imaging.Bmp;

/// <summary>BMP (core, info and V4/V5 headers; 1-32 bpp, RLE4/RLE8, bit fields) to RGB or RGBA.</summary>
internal static class BmpDecoder
{
    public static PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options) => throw new NotImplementedException();
}
