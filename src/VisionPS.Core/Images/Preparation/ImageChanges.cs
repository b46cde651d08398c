namespace VisionPS;

/// <summary>What VisionPS did to an image before sending it.</summary>
[Flags]
public enum ImageChanges
{
    /// <summary>Sent byte for byte as given.</summary>
    None = 0,

    /// <summary>EXIF (GPS included), XMP, IPTC and comments dropped; the coded image data copied unchanged.</summary>
    MetadataStripped = 1,

    /// <summary>EXIF orientation applied to the pixels, so the image is upright without it.</summary>
    Rotated = 2,

    /// <summary>Downscaled.</summary>
    Resized = 4,

    /// <summary>Decoded and encoded again (JPEG or PNG).</summary>
    Reencoded = 8,

    /// <summary>Stored in another format than given (BMP to PNG, PNG photo to JPEG).</summary>
    FormatChanged = 16,

    /// <summary>Transparency composited onto white because the result is JPEG.</summary>
    AlphaFlattened = 32,

    /// <summary>One tile of a tall or wide image split so its text stays legible (-Tile); the part's Label says which.</summary>
    Tiled = 64,
}
