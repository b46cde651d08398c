namespace VisionPS.Imaging;

/// <summary>Names and MIME types of <see cref="ImageFormat"/> values.</summary>
public static class ImageFormatExtensions
{
    /// <summary>The MIME type used in data URLs, e.g. <c>image/jpeg</c>; <c>application/octet-stream</c> for <see cref="ImageFormat.Unknown"/>.</summary>
    public static string GetMimeType(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.Gif => "image/gif",
        ImageFormat.WebP => "image/webp",
        ImageFormat.Bmp => "image/bmp",
        ImageFormat.Tiff => "image/tiff",
        ImageFormat.Heic => "image/heic",
        ImageFormat.Avif => "image/avif",
        _ => "application/octet-stream",
    };

    /// <summary>The name people use for the format in messages, e.g. <c>JPEG</c>, <c>WebP</c>.</summary>
    public static string GetDisplayName(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "JPEG",
        ImageFormat.Png => "PNG",
        ImageFormat.Gif => "GIF",
        ImageFormat.WebP => "WebP",
        ImageFormat.Bmp => "BMP",
        ImageFormat.Tiff => "TIFF",
        ImageFormat.Heic => "HEIC",
        ImageFormat.Avif => "AVIF",
        _ => "unknown",
    };
}
