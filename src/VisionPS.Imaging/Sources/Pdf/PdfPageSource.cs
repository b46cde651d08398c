using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Tokens;

namespace VisionPS.Imaging.Sources.Pdf;

/// <summary>
/// A PDF's pages as images: each page's images in content order (a scan has one), the first carrying the page's text
/// layer. DCT (JPEG) images pass through as they are; CCITT fax goes through the TIFF decoder; Flate/LZW/raw samples
/// are decoded by PdfPig to PNG. Nothing is rendered: a page with neither an image nor text has nothing to send.
/// </summary>
public sealed class PdfPageSource : IImageSource
{
    /// <summary>Documents with more pages than this are refused before any page is read (a page bomb).</summary>
    public const int MaxDocumentPages = 2_000;

    /// <summary>The most pages sent from one document in one request; -Page picks fewer.</summary>
    public const int MaxPagesSent = 50;

    /// <summary>The most images sent from one page (a scan has one; a page of hundreds of icons is not a scan).</summary>
    public const int MaxImagesPerPage = 16;

    private const int TextLimit = 20_000;

    public static PdfPageSource Instance { get; } = new();

    public string Name => "PDF";

    public bool ReadsFromPath => false;

    public bool Recognises(ReadOnlySpan<byte> header, SourceOptions options) => IsPdf(header);

    /// <summary>"%PDF-" at the start of the file.</summary>
    public static bool IsPdf(ReadOnlySpan<byte> header) => header.StartsWith("%PDF-"u8);

    public IReadOnlyList<SourceImage> Read(SourceInput input, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        string name = input.Name;
        if (PdfCrossReferenceCheck.FindMalformedTable(input.Data.Span) is { } table)
        {
            throw Damaged(name, $"its cross-reference table at byte {table:N0} is malformed", null);
        }

        PdfDocument document;
        try
        {
            document = PdfDocument.Open(input.Data.ToArray(), new ParsingOptions { SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw Encrypted(name, ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Damaged(name, $"it could not be parsed as a PDF ({ex.Message.TrimEnd('.')})", ex);
        }

        using (document)
        {
            if (document.IsEncrypted)
            {
                throw Encrypted(name, null);
            }

            return ReadPages(document, name, options);
        }
    }

    private static IReadOnlyList<SourceImage> ReadPages(PdfDocument document, string name, SourceOptions options)
    {
        int pageCount = document.NumberOfPages;
        if (pageCount > MaxDocumentPages)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentTooManyPages,
                $"'{name}' declares {pageCount:N0} pages, more than the {MaxDocumentPages:N0} VisionPS reads. Split it first, e.g. qpdf '{name}' --pages . 1-20 -- part.pdf.",
                name);
        }

        if (pageCount == 0)
        {
            throw new SourceRefusedException(SourceRefusal.DocumentEmpty, $"'{name}' has no pages.", name);
        }

        IReadOnlyList<int> pages;
        try
        {
            pages = (options.Pages ?? PageSelection.Parse(["1-"])).Resolve(pageCount);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new SourceRefusedException(SourceRefusal.PageNotFound, $"'{name}': {ex.Message.Split(" (Parameter")[0]}. Pass -Page with pages from 1 to {pageCount}.", name);
        }

        if (pages.Count > MaxPagesSent)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentTooManyPages,
                $"'{name}' has {pages.Count} pages to send, more than the {MaxPagesSent} VisionPS puts in one request. Pick pages with -Page, e.g. -Page 1-{MaxPagesSent}.",
                name);
        }

        var images = new List<SourceImage>();
        var skipped = new List<string>();
        foreach (int number in pages)
        {
            string label = $"page {number} of {pageCount}";
            Page page;
            try
            {
                page = document.GetPage(number);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw Damaged(name, $"its {label} could not be read ({ex.Message.TrimEnd('.')})", ex);
            }

            string? text = PageText(page);
            IReadOnlyList<ReadOnlyMemory<byte>> pictures = PageImages(page, name, label, options);
            if (pictures.Count == 0 && text is null)
            {
                skipped.Add($"'{name}' {label} has neither an image nor text (vector drawings are not rendered); it was skipped. Render it first to send it, e.g. pdftoppm -f {number} -l {number} -r 150 -png '{name}' page.");
                continue;
            }

            // A page of text only (a text PDF has no page image, and no renderer is served) sends its text as a part of its own.
            IReadOnlyList<SourceImage> found = pictures.Count == 0
                ? [new SourceImage(ReadOnlyMemory<byte>.Empty, SourceImageKind.Page, number, pageCount, label, text)]
                : pictures.Select((picture, i) => new SourceImage(
                    picture, SourceImageKind.Page, number, pageCount, pictures.Count == 1 ? label : $"{label}, image {i + 1} of {pictures.Count}", i == 0 ? text : null)).ToList();
            images.AddRange(skipped.Count == 0 ? found : [found[0] with { Warnings = [.. skipped] }, .. found.Skip(1)]);
            skipped.Clear();
        }

        if (images.Count == 0)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentEmpty,
                $"'{name}' has no page image and no text on the pages picked (vector drawings are not rendered). Render the pages first, e.g. pdftoppm -r 150 -png '{name}' page.",
                name);
        }

        if (skipped.Count > 0)
        {
            images[^1] = images[^1] with { Warnings = [.. images[^1].Warnings, .. skipped] };
        }

        return images;
    }

    private static string? PageText(Page page)
    {
        try
        {
            string text = ContentOrderTextExtractor.GetText(page).Trim();
            if (text.Length == 0)
            {
                return null;
            }

            return text.Length <= TextLimit ? text : text[..TextLimit] + " […]";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A page whose fonts PdfPig cannot map still has its image.
            return null;
        }
    }

    private static List<ReadOnlyMemory<byte>> PageImages(Page page, string name, string label, SourceOptions options)
    {
        var found = new List<ReadOnlyMemory<byte>>();
        IEnumerable<IPdfImage> images;
        try
        {
            images = page.GetImages().ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Damaged(name, $"the images of its {label} could not be read ({ex.Message.TrimEnd('.')})", ex);
        }

        foreach (IPdfImage image in images)
        {
            if (found.Count == MaxImagesPerPage)
            {
                throw new SourceRefusedException(
                    SourceRefusal.DocumentTooManyPages,
                    $"'{name}' has more than {MaxImagesPerPage} images on its {label}; VisionPS sends scanned pages, not pages of many pictures. Render the page first, e.g. pdftoppm -r 150 -png '{name}' page.",
                    name);
            }

            found.Add(Encoded(image, name, label, options, Orientation(image)));
        }

        return found;
    }

    /// <summary>
    /// The EXIF orientation that turns the stored image the way the page shows it (6 for a quarter turn clockwise, 3 for a
    /// half, 8 for three quarters; 2, 4, 5 and 7 when the page draws it mirrored). PdfPig places the image with the page's
    /// /Rotate (its own, or inherited from the page tree) folded in, so one placement covers /Rotate and an image drawn
    /// turned (Ghostscript rewrites /Rotate so). A skewed placement is left as stored.
    /// </summary>
    private static int Orientation(IPdfImage image)
    {
        // Where the stored image's rightward and downward directions point on the page, in raster terms (y down):
        // BottomLeft, BottomRight and TopLeft are the image's own corners, its first row at the top.
        PdfRectangle bounds = image.BoundingBox;
        (int X, int Y)? right = Axis(bounds.BottomRight.X - bounds.BottomLeft.X, bounds.BottomLeft.Y - bounds.BottomRight.Y);
        (int X, int Y)? down = Axis(bounds.BottomLeft.X - bounds.TopLeft.X, bounds.TopLeft.Y - bounds.BottomLeft.Y);
        return (right, down) switch
        {
            ((1, 0), (0, 1)) => 1,
            ((-1, 0), (0, 1)) => 2,
            ((-1, 0), (0, -1)) => 3,
            ((1, 0), (0, -1)) => 4,
            ((0, 1), (1, 0)) => 5,
            ((0, 1), (-1, 0)) => 6,
            ((0, -1), (-1, 0)) => 7,
            ((0, -1), (1, 0)) => 8,
            _ => 1,
        };
    }

    // The axis a direction runs along, within half a degree; null when it is skewed or empty.
    private static (int X, int Y)? Axis(double x, double y)
    {
        const double HalfDegree = 0.0087;
        if (Math.Abs(y) <= Math.Abs(x) * HalfDegree && x != 0)
        {
            return (Math.Sign(x), 0);
        }

        return Math.Abs(x) <= Math.Abs(y) * HalfDegree && y != 0 ? (0, Math.Sign(y)) : null;
    }

    private static ReadOnlyMemory<byte> Encoded(IPdfImage image, string name, string label, SourceOptions options, int orientation)
    {
        long width = image.WidthInSamples;
        long height = image.HeightInSamples;
        if (width <= 0 || height <= 0)
        {
            throw Damaged(name, $"an image on its {label} declares {width}x{height} pixels", null);
        }

        if (width * height > options.MaxPixels)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentImageTooLarge,
                $"'{name}' has an image of {width}x{height} pixels ({width * height / 1_000_000.0:0.#} megapixels) on its {label}, more than the {options.MaxPixels / 1_000_000.0:0.#} megapixels VisionPS decodes. Render the page smaller first, e.g. pdftoppm -r 100 -png '{name}' page.",
                name);
        }

        IReadOnlyList<string> filters = Filters(image.ImageDictionary);
        string last = filters.Count == 0 ? string.Empty : filters[^1];
        if (filters.Count == 1 && last is "DCTDecode" or "DCT")
        {
            // Turning a JPEG a quarter losslessly needs its DCT blocks rearranged, which the engine does not do: the page
            // keeps its coded data and gets the orientation as an EXIF tag, so the preparer turns it upright like a phone
            // photo (one re-encode), and -NoResize sends it with the tag. Unrotated, it passes byte for byte.
            return PageJpeg.WithOrientation(image.RawMemory, orientation);
        }

        if (filters.Count == 1 && last is "CCITTFaxDecode" or "CCF")
        {
            // Decoded to PNG here, so a fax page is sendable as it is (-NoResize) and its pixels can be made square.
            return Upright(Ccitt(image, (int)width, (int)height), image, name, label, orientation, options, alwaysEncode: true);
        }

        if (last is "JBIG2Decode" or "JPXDecode")
        {
            string coding = last == "JBIG2Decode" ? "JBIG2" : "JPEG 2000";
            throw new SourceRefusedException(
                SourceRefusal.DocumentImageNotSupported,
                $"'{name}' holds its {label} as a {coding} image, which VisionPS does not decode. Render the page first, e.g. pdftoppm -r 150 -png '{name}' page, and send the PNG.",
                name);
        }

        // PdfPig 0.1.16 spent 4 s and 2 GB turning a 40x20 image that declares 0 bits per component into PNG (found by
        // afl-fuzz, fuzz/regressions/pdf/hangs-a9a3f9ab5ef3); the PDF standard allows 1, 2, 4, 8 and 16.
        if (image.BitsPerComponent is not (1 or 2 or 4 or 8 or 16))
        {
            throw Damaged(name, $"an image on its {label} declares {image.BitsPerComponent} bits per component", null);
        }

        try
        {
            if (image.TryGetPng(out byte[]? png) && png is not null)
            {
                return Upright(png, image, name, label, orientation, options, alwaysEncode: false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Damaged(name, $"the image on its {label} could not be decoded ({ex.Message.TrimEnd('.')})", ex);
        }

        throw new SourceRefusedException(
            SourceRefusal.DocumentImageNotSupported,
            $"'{name}' holds its {label} as an image VisionPS cannot decode (filters: {(filters.Count == 0 ? "none" : string.Join(", ", filters))}). Render the page first, e.g. pdftoppm -r 150 -png '{name}' page.",
            name);
    }

    /// <summary>
    /// A decoded page image as the page shows it: pixels made square where the page draws the image at different
    /// horizontal and vertical resolutions (a fax at 204x98 dpi), then turned by /Rotate; a PNG. Nothing is made smaller.
    /// </summary>
    private static ReadOnlyMemory<byte> Upright(ReadOnlyMemory<byte> encoded, IPdfImage image, string name, string label, int orientation, SourceOptions options, bool alwaysEncode)
    {
        (int Width, int Height)? square = SquarePixels(image);
        if (!alwaysEncode && square is null && orientation == 1)
        {
            return encoded;
        }

        if (square is { } size && (long)size.Width * size.Height > options.MaxPixels)
        {
            square = null;
        }

        try
        {
            IImageEngine engine = BuiltInImageEngine.Instance;
            using PixelBuffer decoded = engine.Decode(encoded.Span, DecodeOptions.Default, name);
            PixelBuffer stretched = square is { } s ? engine.Resize(decoded, s.Width, s.Height) : decoded;
            PixelBuffer turned = engine.ApplyOrientation(stretched, orientation);
            try
            {
                return engine.EncodePng(turned);
            }
            finally
            {
                if (!ReferenceEquals(turned, decoded))
                {
                    turned.Dispose();
                }

                if (!ReferenceEquals(stretched, decoded) && !ReferenceEquals(stretched, turned))
                {
                    stretched.Dispose();
                }
            }
        }
        catch (ImageFormatException ex)
        {
            throw Damaged(name, $"the image on its {label} could not be decoded ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    /// <summary>
    /// How big the image is with square pixels, when the page draws it at resolutions that differ by more than 2% (a fax
    /// at 204x98 dpi: 1728x1078 samples on a letter page): the coarser axis is stretched to the finer one's resolution.
    /// Null when the pixels are square, the image is skewed, or the ratio is beyond 4 (not a fax).
    /// </summary>
    internal static (int Width, int Height)? SquarePixels(IPdfImage image)
    {
        // The placement's width and height run along the image's own rows and columns, however it is turned.
        PdfRectangle bounds = image.BoundingBox;
        double turn = Math.Abs(bounds.Rotation) % 90;
        if (Math.Min(turn, 90 - turn) > 0.5)
        {
            return null;
        }

        (double shownWidth, double shownHeight) = (bounds.Width, bounds.Height);
        if (shownWidth <= 0 || shownHeight <= 0)
        {
            return null;
        }

        double ratio = (image.WidthInSamples / shownWidth) / (image.HeightInSamples / shownHeight);
        if (Math.Abs(ratio - 1) <= 0.02 || ratio > 4 || ratio < 0.25)
        {
            return null;
        }

        return ratio > 1
            ? (image.WidthInSamples, (int)Math.Round(image.HeightInSamples * ratio))
            : ((int)Math.Round(image.WidthInSamples / ratio), image.HeightInSamples);
    }

    private static ReadOnlyMemory<byte> Ccitt(IPdfImage image, int width, int height)
    {
        DictionaryToken? parms = DecodeParms(image.ImageDictionary);
        int k = Get<NumericToken>(parms, "K")?.Int ?? 0;
        int rows = Get<NumericToken>(parms, "Rows")?.Int is { } r and > 0 ? r : height;
        bool blackIs1 = Get<BooleanToken>(parms, "BlackIs1")?.Data == true;
        bool byteAligned = Get<BooleanToken>(parms, "EncodedByteAlign")?.Data == true;
        bool inverted = image.Decode is { Count: >= 2 } decode && decode[0] > decode[1];
        return CcittTiff.Wrap(image.RawMemory.Span, width, Math.Min(rows, height), k, byteAligned, blackIs1 ^ inverted);
    }

    private static T? Get<T>(DictionaryToken? dictionary, string key, string? abbreviation = null)
        where T : class, IToken
    {
        if (dictionary is null)
        {
            return null;
        }

        if (dictionary.TryGet(NameToken.Create(key), out IToken? token) && token is T found)
        {
            return found;
        }

        return abbreviation is not null && dictionary.TryGet(NameToken.Create(abbreviation), out token) ? token as T : null;
    }

    private static DictionaryToken? DecodeParms(DictionaryToken dictionary) =>
        Get<DictionaryToken>(dictionary, "DecodeParms", "DP")
        ?? Get<ArrayToken>(dictionary, "DecodeParms", "DP")?.Data.LastOrDefault() as DictionaryToken;

    private static List<string> Filters(DictionaryToken dictionary)
    {
        if (Get<NameToken>(dictionary, "Filter", "F") is { } single)
        {
            return [single.Data];
        }

        return Get<ArrayToken>(dictionary, "Filter", "F")?.Data.OfType<NameToken>().Select(n => n.Data).ToList() ?? [];
    }

    private static SourceRefusedException Encrypted(string name, Exception? inner) => new(
        SourceRefusal.DocumentEncrypted,
        $"'{name}' is an encrypted PDF; VisionPS does not open encrypted documents. Save an unencrypted copy first, e.g. qpdf --decrypt --password=... '{name}' plain.pdf.",
        name,
        inner);

    private static SourceRefusedException Damaged(string name, string why, Exception? inner) => new(
        SourceRefusal.DocumentDamaged,
        $"'{name}' could not be read: {why}. Re-export or re-scan it, or render its pages first (pdftoppm -r 150 -png '{name}' page).",
        name,
        inner);
}
