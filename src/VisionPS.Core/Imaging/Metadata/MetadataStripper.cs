namespace VisionPS.Core.Imaging.Metadata;

/// <summary>Drops EXIF/XMP/IPTC/comments, copying coded image data byte for byte.</summary>
internal static class MetadataStripper
{
    public static byte[] Strip(ReadOnlySpan<byte> data, ImageFormat format) => throw new NotImplementedException();
}
