namespace VisionPS.Imaging;

/// <summary>The header declares more pixels than the decode limit allows; raised before any pixel memory is allocated.</summary>
public sealed class ImageTooLargeException : ImageFormatException
{
    public ImageTooLargeException(ImageFormat format, long width, long height, long maxPixels, string? sourceName)
        : base(BuildMessage(format, width, height, maxPixels, sourceName), sourceName, format, null)
    {
        Width = width;
        Height = height;
        MaxPixels = maxPixels;
    }

    public long Width { get; }

    public long Height { get; }

    public long MaxPixels { get; }

    private static string BuildMessage(ImageFormat format, long width, long height, long maxPixels, string? sourceName) =>
        $"{DescribeSource(sourceName, startOfSentence: true)} is a {format.GetDisplayName()} image of {width}x{height} pixels " +
        $"({width * height / 1_000_000.0:0.#} megapixels), more than the {maxPixels / 1_000_000.0:0.#} megapixels VisionPS decodes. " +
        "Shrink it first (for example: magick \"in\" -resize 4096x4096 \"out.jpg\"), or send it unchanged with -NoResize if the service accepts it.";
}
