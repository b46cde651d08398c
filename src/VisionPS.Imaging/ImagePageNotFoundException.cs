namespace VisionPS.Imaging;

/// <summary>A page was asked for (-Page) that the file does not have.</summary>
public sealed class ImagePageNotFoundException : ImageFormatException
{
    /// <param name="format">The file's format.</param>
    /// <param name="page">The page asked for, 1-based as the user gave it.</param>
    /// <param name="pages">How many pages the file has.</param>
    /// <param name="sourceName">The name messages use.</param>
    public ImagePageNotFoundException(ImageFormat format, int page, int pages, string? sourceName)
        : base($"{DescribeSource(sourceName, startOfSentence: true)} is a {format.GetDisplayName()} with {pages} page{(pages == 1 ? "" : "s")}, so there is no page {page}. -Page takes 1 to {pages}.", sourceName, format, null)
    {
        Page = page;
        Pages = pages;
    }

    public int Page { get; }

    public int Pages { get; }
}
