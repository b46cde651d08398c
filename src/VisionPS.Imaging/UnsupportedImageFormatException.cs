namespace VisionPS.Imaging;

/// <summary>
/// The format was recognised (HEIC, AVIF, TIFF) but vision APIs do not accept it; the message says how to convert it.
/// </summary>
public sealed class UnsupportedImageFormatException : ImageFormatException
{
    public UnsupportedImageFormatException(ImageFormat format, string? sourceName)
        : this(format, sourceName, 0, 0)
    {
    }

    /// <param name="format">The recognised format.</param>
    /// <param name="sourceName">The file name, path or URL; null when unknown.</param>
    /// <param name="width">Width from the header when it could be read cheaply, else 0.</param>
    /// <param name="height">Height from the header when it could be read cheaply, else 0.</param>
    public UnsupportedImageFormatException(ImageFormat format, string? sourceName, int width, int height)
        : base(BuildMessage(format, sourceName, width, height), sourceName, format, null)
    {
        Width = width;
        Height = height;
    }

    /// <summary>Width from the header when it was cheap to read (HEIC/AVIF <c>ispe</c>), else 0.</summary>
    public int Width { get; }

    /// <summary>Height from the header when it was cheap to read (HEIC/AVIF <c>ispe</c>), else 0.</summary>
    public int Height { get; }

    private static string BuildMessage(ImageFormat format, string? sourceName, int width, int height)
    {
        string name = format.GetDisplayName();
        string article = format == ImageFormat.Avif ? "an" : "a";
        string size = width > 0 && height > 0 ? $" ({width}x{height})" : string.Empty;

        // Photos (HEIC/AVIF) convert best to JPEG; TIFF is often a scan or a graphic, so PNG keeps it lossless.
        string targetExtension = format == ImageFormat.Tiff ? ".png" : ".jpg";
        string input = sourceName ?? "in" + DefaultExtension(format);
        string output = sourceName is null ? "out" + targetExtension : Path.ChangeExtension(sourceName, targetExtension);

        return $"{DescribeSource(sourceName, startOfSentence: true)} is {article} {name} image{size}, a format vision models do not accept " +
            "(they take JPEG, PNG, GIF and WebP). " +
            $"Convert it first: export it as JPEG or PNG from your photo app or editor, or run ImageMagick: magick \"{input}\" \"{output}\".";
    }

    private static string DefaultExtension(ImageFormat format) => format switch
    {
        ImageFormat.Heic => ".heic",
        ImageFormat.Avif => ".avif",
        ImageFormat.Tiff => ".tif",
        _ => string.Empty,
    };
}
