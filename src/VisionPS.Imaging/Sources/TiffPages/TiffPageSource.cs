using VisionPS.Imaging.Tiff;

namespace VisionPS.Imaging.Sources.TiffPages;

/// <summary>
/// The pages of a multi-page TIFF that -Page lists (-Page 1,3 or 2-), each a single-page TIFF of its own, labelled like a
/// PDF's pages. A single -Page (or none) is not this source's: the file is then one image, its page picked by the preparer.
/// </summary>
public sealed class TiffPageSource : IImageSource
{
    /// <summary>The most bytes the pages' copies may hold together: each page is a copy of the file with its header
    /// pointing at that page (TIFF offsets are absolute), so many pages of a large file are refused, not allocated.</summary>
    public const long MaxCopiedBytes = 256L * 1024 * 1024;

    public static TiffPageSource Instance { get; } = new();

    public string Name => "TIFF";

    public bool ReadsFromPath => false;

    public bool Recognises(ReadOnlySpan<byte> header, SourceOptions options) =>
        options.Pages is { IsSinglePage: false } && (header.StartsWith("II*\0"u8) || header.StartsWith("MM\0*"u8));

    public IReadOnlyList<SourceImage> Read(SourceInput input, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        string name = input.Name;
        ReadOnlySpan<byte> data = input.Data.Span;
        int pageCount = ImageIdentifier.Identify(data, name).FrameCount;
        IReadOnlyList<int> pages;
        try
        {
            pages = options.Pages!.Resolve(pageCount);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new SourceRefusedException(SourceRefusal.PageNotFound, $"'{name}': {ex.Message.Split(" (Parameter")[0]}. Pass -Page with pages from 1 to {pageCount}.", name);
        }

        if (pages.Count > Pdf.PdfPageSource.MaxPagesSent)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentTooManyPages,
                $"'{name}' has {pages.Count} pages to send, more than the {Pdf.PdfPageSource.MaxPagesSent} VisionPS puts in one request. Pick pages with -Page, e.g. -Page 1-{Pdf.PdfPageSource.MaxPagesSent}.",
                name);
        }

        if ((long)pages.Count * data.Length > MaxCopiedBytes)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentTooManyPages,
                $"'{name}' is {data.Length / (1024.0 * 1024):0.#} MiB; sending {pages.Count} of its pages at once would copy it {pages.Count} times, more than the {MaxCopiedBytes / (1024 * 1024)} MiB VisionPS allows. Pick fewer pages with -Page, or send them one at a time (-Page 1, -Page 2, ...).",
                name);
        }

        var images = new List<SourceImage>(pages.Count);
        foreach (int number in pages)
        {
            byte[] page = TiffPageExtractor.SinglePage(data, number - 1)
                ?? throw new SourceRefusedException(SourceRefusal.DocumentDamaged, $"'{name}' could not be read: its page {number} of {pageCount} cannot be found in the file. Re-save it, e.g. magick '{name}' fixed.tif.", name);
            images.Add(new SourceImage(page, SourceImageKind.Page, number, pageCount, $"page {number} of {pageCount}"));
        }

        return images;
    }
}
