namespace VisionPS.Imaging;

/// <summary>Image container formats that <see cref="ImageIdentifier"/> recognises from their magic bytes.</summary>
public enum ImageFormat
{
    /// <summary>No known signature.</summary>
    Unknown,

    /// <summary>JPEG (JFIF/Exif), <c>FF D8 FF</c>.</summary>
    Jpeg,

    /// <summary>PNG (including APNG), <c>89 50 4E 47 0D 0A 1A 0A</c>.</summary>
    Png,

    /// <summary>GIF87a / GIF89a.</summary>
    Gif,

    /// <summary>WebP: <c>RIFF</c> container with the <c>WEBP</c> form type.</summary>
    WebP,

    /// <summary>Windows/OS/2 bitmap, <c>BM</c>.</summary>
    Bmp,

    /// <summary>TIFF, <c>II*\0</c> or <c>MM\0*</c> (BigTIFF too). Recognised but not supported.</summary>
    Tiff,

    /// <summary>HEIF/HEIC (ISO-BMFF <c>ftyp</c> with a HEIF brand). Recognised but not supported.</summary>
    Heic,

    /// <summary>AVIF (ISO-BMFF <c>ftyp</c> with an <c>avif</c>/<c>avis</c> brand). Recognised but not supported.</summary>
    Avif,
}
