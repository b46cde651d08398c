namespace VisionPS.Imaging.Jpeg;

/// <summary>Baseline and progressive JPEG to RGB, with IDCT scaling.</summary>
internal static class JpegDecoder
{
    public static PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options) => new JpegDecoderCore(options).Decode(data);
}
