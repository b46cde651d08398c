namespace VisionPS.Imaging.Metadata;

/// <summary>Drops EXIF/XMP/IPTC/comments, copying coded image data byte for byte.</summary>
internal static class MetadataStripper
{
    public static byte[] Strip(ReadOnlySpan<byte> data, ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => JpegMetadataStripper.Strip(data),
        ImageFormat.Png => PngMetadataStripper.Strip(data),
        ImageFormat.WebP => WebPMetadataStripper.Strip(data),
        ImageFormat.Gif => GifMetadataStripper.Strip(data),

        // BMP has no metadata blocks (a V5 header may embed an ICC profile, which is colour information).
        ImageFormat.Bmp => data.ToArray(),
        ImageFormat.Unknown => throw new UnknownImageFormatException(sourceName: null),
        _ => throw new UnsupportedImageFormatException(format, sourceName: null),
    };
}
