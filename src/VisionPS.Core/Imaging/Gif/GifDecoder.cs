namespace VisionPS.Core.Imaging.Gif;

/// <summary>The first frame of a GIF on its logical screen, to RGB or RGBA.</summary>
internal static class GifDecoder
{
    public static PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options) => throw new NotImplementedException();
}
