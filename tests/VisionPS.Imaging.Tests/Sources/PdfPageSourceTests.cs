using System.Text;
using VisionPS.Imaging.Sources;
using VisionPS.Imaging.Sources.Pdf;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Sources;

/// <summary>
/// PDF pages against Debian's poppler-utils: PDFs are made at test time with img2pdf, Ghostscript and ImageMagick, and
/// what VisionPS takes from each page is compared with what pdfimages extracts from it.
/// </summary>
public sealed class PdfPageSourceTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<SourceImage> Read(string path, SourceOptions? options = null) =>
        PdfPageSource.Instance.Read(new SourceInput(path, path, File.ReadAllBytes(path)), options ?? SourceOptions.Default);

    // RGBA whatever the file's type (a bilevel PNG would otherwise come back as grey and alpha).
    private static RawImage Reference(string path) => ReferenceTools.MagickRgba(path, "-type", "TrueColorAlpha");

    private static PixelBuffer Decode(SourceImage image) => BuiltInImageEngine.Instance.Decode(image.Data.Span, DecodeOptions.Default, image.Label);

    // Three scanned pages as scanners write them: a JPEG photo, a lossless RGB image (Flate) and a bilevel Group 4 fax.
    private string ThreeScannedPages()
    {
        _dir.Run("convert", "-size", "120x90", "gradient:red-blue", _dir["p1.jpg"]);
        _dir.Run("convert", "-size", "100x70", "plasma:fractal", "-seed", "7", "-depth", "8", "-type", "TrueColor", _dir["p2.png"]);
        _dir.Run("convert", "-size", "200x150", "xc:white", "-fill", "black", "-draw", "rectangle 20,30 120,90", "-draw", "circle 160,100 180,120", "-monochrome", "-compress", "Group4", _dir["p3.tif"]);
        _dir.Run("img2pdf", _dir["p1.jpg"], _dir["p2.png"], _dir["p3.tif"], "-o", _dir["scan.pdf"]);
        return _dir["scan.pdf"];
    }

    [ToolFact("convert", "img2pdf", "pdfimages")]
    public void Every_page_of_an_img2pdf_scan_is_what_pdfimages_extracts_in_page_order()
    {
        string pdf = ThreeScannedPages();
        string list = Encoding.UTF8.GetString(_dir.Run("pdfimages", "-list", pdf));
        Assert.Contains("jpeg", list);
        Assert.Contains("ccitt", list);

        IReadOnlyList<SourceImage> pages = Read(pdf);

        Assert.Equal(["page 1 of 3", "page 2 of 3", "page 3 of 3"], pages.Select(p => p.Label));
        Assert.All(pages, p => Assert.Equal(SourceImageKind.Page, p.Kind));
        Assert.Equal([1, 2, 3], pages.Select(p => p.Number));

        // The DCT page is the JPEG itself, byte for byte (it then takes the JPEG path like any photo).
        _dir.Run("pdfimages", "-j", "-f", "1", "-l", "1", pdf, _dir["ref1"]);
        Assert.Equal(File.ReadAllBytes(_dir["ref1-000.jpg"]), pages[0].Data.ToArray());

        // The Flate and CCITT pages decode to exactly poppler's pixels.
        _dir.Run("pdfimages", "-png", "-f", "2", "-l", "3", pdf, _dir["ref"]);
        using (PixelBuffer flate = Decode(pages[1]))
        {
            Assert.Equal(0, ImageCompare.MaxDifference(Reference(_dir["ref-000.png"]), flate));
        }

        using PixelBuffer fax = Decode(pages[2]);
        RawImage popplerFax = Reference(_dir["ref-001.png"]);
        Assert.Equal(0, ImageCompare.MaxDifference(popplerFax, fax));
        Assert.Equal(0, ImageCompare.MaxDifference(Reference(_dir["p3.tif"]), fax));
    }

    [ToolFact("convert", "img2pdf")]
    public void Page_picks_pages_in_the_order_given_and_names_the_page_count_when_one_is_missing()
    {
        string pdf = ThreeScannedPages();

        IReadOnlyList<SourceImage> picked = Read(pdf, new SourceOptions { Pages = PageSelection.Parse(["3", "1-2"]) });
        var missing = Assert.Throws<SourceRefusedException>(() => Read(pdf, new SourceOptions { Pages = PageSelection.Parse(["2,5"]) }));

        Assert.Equal([3, 1, 2], picked.Select(p => p.Number));
        Assert.Equal(SourceRefusal.PageNotFound, missing.Reason);
        Assert.Contains("page 5 was asked for, but there are 3 pages", missing.Message);
        Assert.Contains(pdf, missing.Message);
    }

    [ToolFact("convert", "gs", "pdfimages")]
    public void A_Ghostscript_page_with_a_photo_and_a_text_layer_sends_the_photo_and_its_text()
    {
        _dir.Run("convert", "-size", "160x120", "gradient:green-yellow", _dir["photo.jpg"]);
        string viewJpeg = Directory.GetFiles("/usr/share/ghostscript", "viewjpeg.ps", SearchOption.AllDirectories).First();
        _dir.Run("gs", "-q", "-dNOSAFER", "-sDEVICE=pdfwrite", "-o", _dir["invoice.pdf"], viewJpeg, "-c",
            $"({_dir["photo.jpg"]}) viewJPEG /Helvetica findfont 24 scalefont setfont 20 40 moveto (INVOICE 4711 TOTAL 99) show showpage");

        SourceImage page = Assert.Single(Read(_dir["invoice.pdf"]));

        Assert.NotNull(page.Text);
        Assert.Contains("INVOICE 4711 TOTAL 99", page.Text);
        using PixelBuffer pixels = Decode(page);
        _dir.Run("pdfimages", "-png", _dir["invoice.pdf"], _dir["gsref"]);
        Assert.True(ImageCompare.Psnr(Reference(_dir["gsref-000.png"]), pixels) > 40);
    }

    [MagickPdfFact]
    public void An_ImageMagick_pdf_gives_its_page_image()
    {
        _dir.Run("convert", "-size", "64x48", "xc:orange", "-fill", "navy", "-draw", "rectangle 8,8 40,30", _dir["im.png"]);
        _dir.Run("convert", _dir["im.png"], _dir["im.pdf"]);

        SourceImage page = Assert.Single(Read(_dir["im.pdf"]));

        using PixelBuffer pixels = Decode(page);
        _dir.Run("pdfimages", "-png", _dir["im.pdf"], _dir["imref"]);
        Assert.True(ImageCompare.Psnr(Reference(_dir["imref-000.png"]), pixels) > 40);
        Assert.Equal(64, pixels.Width);
    }

    [ToolFact("gs")]
    public void An_encrypted_pdf_is_refused_naming_the_file()
    {
        _dir.Run("gs", "-q", "-sDEVICE=pdfwrite", "-sOwnerPassword=owner", "-sUserPassword=user", "-o", _dir["locked.pdf"], "-c", "/Helvetica findfont 12 scalefont setfont 10 10 moveto (secret) show showpage");

        var refused = Assert.Throws<SourceRefusedException>(() => Read(_dir["locked.pdf"]));

        Assert.Equal(SourceRefusal.DocumentEncrypted, refused.Reason);
        Assert.Contains(_dir["locked.pdf"], refused.Message);
    }

    // Words of a text page as poppler reads them (pdftotext), to check the text sent is the text layer.
    private string[] PopplerWords(string pdf, int page) =>
        Encoding.UTF8.GetString(_dir.Run("pdftotext", "-f", $"{page}", "-l", $"{page}", pdf, "-")).Split((char[])[' ', '\n', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries);

    [ToolFact("gs", "pdftotext")]
    public void A_text_pdf_sends_each_page_as_its_text_without_an_image()
    {
        _dir.Run("gs", "-q", "-sDEVICE=pdfwrite", "-o", _dir["text.pdf"], "-c",
            "/Helvetica findfont 14 scalefont setfont 20 700 moveto (CONTRACT 17 PAGE ONE) show showpage 20 700 moveto (SIGNED BY BOTH PARTIES) show showpage");

        IReadOnlyList<SourceImage> pages = Read(_dir["text.pdf"]);

        Assert.Equal(["page 1 of 2", "page 2 of 2"], pages.Select(p => p.Label));
        Assert.All(pages, p => Assert.False(p.HasImage));
        Assert.Equal(PopplerWords(_dir["text.pdf"], 1), pages[0].Text!.Split(' ', '\n'));
        Assert.Equal(PopplerWords(_dir["text.pdf"], 2), pages[1].Text!.Split(' ', '\n'));
    }

    [ToolFact("convert", "gs", "pdfimages", "pdftotext")]
    public void A_page_with_neither_image_nor_text_is_skipped_with_a_warning_on_the_next_page()
    {
        _dir.Run("convert", "-size", "80x60", "gradient:green-yellow", _dir["photo.jpg"]);
        string viewJpeg = Directory.GetFiles("/usr/share/ghostscript", "viewjpeg.ps", SearchOption.AllDirectories).First();
        _dir.Run("gs", "-q", "-dNOSAFER", "-sDEVICE=pdfwrite", "-o", _dir["mixed.pdf"], viewJpeg, "-c",
            $"({_dir["photo.jpg"]}) viewJPEG showpage 0 0 moveto 50 50 lineto stroke showpage /Helvetica findfont 14 scalefont setfont 20 700 moveto (TERMS APPLY) show showpage");
        string[] imageRows = Encoding.UTF8.GetString(_dir.Run("pdfimages", "-list", _dir["mixed.pdf"])).Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];
        Assert.Equal(["1"], imageRows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        Assert.Empty(PopplerWords(_dir["mixed.pdf"], 2));

        IReadOnlyList<SourceImage> pages = Read(_dir["mixed.pdf"]);

        Assert.Equal([1, 3], pages.Select(p => p.Number));
        Assert.True(pages[0].HasImage);
        Assert.Empty(pages[0].Warnings);
        Assert.False(pages[1].HasImage);
        Assert.Equal("TERMS APPLY", pages[1].Text);
        string warning = Assert.Single(pages[1].Warnings);
        Assert.Contains("page 2 of 3 has neither an image nor text", warning);
        Assert.Contains("pdftoppm -f 2 -l 2", warning);
    }

    [ToolFact("gs", "pdftotext")]
    public void A_pdf_whose_picked_pages_hold_nothing_is_refused()
    {
        _dir.Run("gs", "-q", "-sDEVICE=pdfwrite", "-o", _dir["blank.pdf"], "-c", "0 0 moveto 50 50 lineto stroke showpage /Helvetica findfont 14 scalefont setfont 20 700 moveto (TEXT) show showpage");

        var refused = Assert.Throws<SourceRefusedException>(() => Read(_dir["blank.pdf"], new SourceOptions { Pages = PageSelection.Parse(["1"]) }));
        SourceImage text = Assert.Single(Read(_dir["blank.pdf"]));

        Assert.Equal(SourceRefusal.DocumentEmpty, refused.Reason);
        Assert.Contains("pdftoppm", refused.Message);
        Assert.Equal(2, text.Number);
        Assert.Single(text.Warnings);
    }

    [Fact]
    public void A_page_bomb_is_refused_before_any_page_is_read()
    {
        byte[] pdf = HandMadePdf.WithPages(PdfPageSource.MaxDocumentPages + 1);

        var refused = Assert.Throws<SourceRefusedException>(() => PdfPageSource.Instance.Read(new SourceInput("bomb.pdf", null, pdf), SourceOptions.Default));

        Assert.Equal(SourceRefusal.DocumentTooManyPages, refused.Reason);
        Assert.Contains("2,001 pages", refused.Message);
    }

    [Fact]
    public void A_declared_page_count_the_page_tree_does_not_hold_is_not_believed()
    {
        byte[] pdf = HandMadePdf.WithPageCount(1_000_000);

        // PdfPig counts the pages the tree holds (one, without an image): nothing is allocated for the million.
        var refused = Assert.Throws<SourceRefusedException>(() => PdfPageSource.Instance.Read(new SourceInput("liar.pdf", null, pdf), SourceOptions.Default));

        Assert.Equal(SourceRefusal.DocumentEmpty, refused.Reason);
    }

    [Fact]
    public void More_pages_than_one_request_takes_are_refused_with_a_page_pick_to_try()
    {
        byte[] pdf = HandMadePdf.WithPages(PdfPageSource.MaxPagesSent + 1);

        var refused = Assert.Throws<SourceRefusedException>(() => PdfPageSource.Instance.Read(new SourceInput("long.pdf", null, pdf), SourceOptions.Default));

        Assert.Equal(SourceRefusal.DocumentTooManyPages, refused.Reason);
        Assert.Contains("-Page 1-50", refused.Message);
    }

    [Fact]
    public void A_page_image_declaring_too_many_pixels_is_refused_before_it_is_decoded()
    {
        byte[] pdf = HandMadePdf.WithImage(width: 60_000, height: 60_000, filter: "FlateDecode", data: [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);

        var refused = Assert.Throws<SourceRefusedException>(() => PdfPageSource.Instance.Read(new SourceInput("huge.pdf", null, pdf), SourceOptions.Default));

        Assert.Equal(SourceRefusal.DocumentImageTooLarge, refused.Reason);
        Assert.Contains("60000x60000", refused.Message);
    }

    [Fact]
    public void A_jbig2_page_is_refused_with_how_to_render_it()
    {
        byte[] pdf = HandMadePdf.WithImage(width: 8, height: 8, filter: "JBIG2Decode", data: [0, 1, 2, 3]);

        var refused = Assert.Throws<SourceRefusedException>(() => PdfPageSource.Instance.Read(new SourceInput("fax.pdf", null, pdf), SourceOptions.Default));

        Assert.Equal(SourceRefusal.DocumentImageNotSupported, refused.Reason);
        Assert.Contains("pdftoppm", refused.Message);
    }

    [Fact]
    public void An_image_declaring_zero_bits_per_component_is_refused_before_PdfPig_decodes_it()
    {
        // afl-fuzz found such an image (fuzz/regressions/pdf/hangs-a9a3f9ab5ef3): PdfPig took seconds and 2 GB to make a PNG of it.
        byte[] pdf = HandMadePdf.WithImage(width: 40, height: 20, filter: null, data: new byte[100], bitsPerComponent: 0);

        var refused = Assert.Throws<SourceRefusedException>(() => PdfPageSource.Instance.Read(new SourceInput("zero.pdf", null, pdf), SourceOptions.Default));

        Assert.Equal(SourceRefusal.DocumentDamaged, refused.Reason);
        Assert.Contains("declares 0 bits per component", refused.Message);
    }

    [Theory]
    [InlineData("0000000009 00000 n", "00 00000 n")]
    [InlineData("0000000009 00000 n", "0000000009 0000 n")]
    [InlineData("0000000009 00000 n", "0000000009 00000 x")]
    public void A_malformed_cross_reference_table_is_refused_before_PdfPig_opens_the_file(string entry, string mangled)
    {
        // PdfPig overflowed its stack (ending the process) on two fuzzed files with such tables (fuzz/regressions/pdf/crashes-*).
        string pdf = System.Text.Encoding.Latin1.GetString(HandMadePdf.WithPages(1));
        Assert.Contains(entry, pdf);

        var refused = Assert.Throws<SourceRefusedException>(() => PdfPageSource.Instance.Read(
            new SourceInput("xref.pdf", null, System.Text.Encoding.Latin1.GetBytes(pdf.Replace(entry, mangled, StringComparison.Ordinal))), SourceOptions.Default));

        Assert.Equal(SourceRefusal.DocumentDamaged, refused.Reason);
        Assert.Contains("cross-reference table", refused.Message);
    }

    [Fact]
    public void A_table_whose_line_ends_lost_a_byte_still_opens()
    {
        // "\r\n" turned into "\n" (an FTP text transfer) leaves 19-byte entries: PdfPig and poppler still read the file.
        byte[] pdf = System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1.GetString(HandMadePdf.WithPages(1)).Replace(" n \n", " n\n", StringComparison.Ordinal));

        var refused = Assert.Throws<SourceRefusedException>(() => PdfPageSource.Instance.Read(new SourceInput("lf.pdf", null, pdf), SourceOptions.Default));

        Assert.Equal(SourceRefusal.DocumentEmpty, refused.Reason);
    }

    [Theory]
    [InlineData("%PDF-1.4\n%garbage")]
    [InlineData("%PDF-")]
    public void Damaged_pdfs_raise_only_our_exception(string text)
    {
        var refused = Assert.ThrowsAny<ImageFormatException>(() => PdfPageSource.Instance.Read(new SourceInput("bad.pdf", null, Encoding.ASCII.GetBytes(text)), SourceOptions.Default));

        Assert.Contains("bad.pdf", refused.Message);
    }

    [Theory]
    [InlineData("2", new[] { 2 })]
    [InlineData("1,3-5", new[] { 1, 3, 4, 5 })]
    [InlineData("4-", new[] { 4, 5, 6 })]
    [InlineData("5,1,5", new[] { 5, 1 })]
    public void Page_selections_resolve_in_order_each_page_once(string text, int[] expected)
    {
        Assert.Equal(expected, PageSelection.Parse([text]).Resolve(6));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("x")]
    [InlineData("5-3")]
    [InlineData("-2")]
    public void Bad_page_selections_are_refused_quoting_them(string text)
    {
        var error = Assert.Throws<FormatException>(() => PageSelection.Parse([text]));

        Assert.Contains(text, error.Message);
    }
}
