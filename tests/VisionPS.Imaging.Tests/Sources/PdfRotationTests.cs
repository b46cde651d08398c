using VisionPS.Imaging.Sources;
using VisionPS.Imaging.Sources.Pdf;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Sources;

/// <summary>
/// /Rotate and fax pixel shapes against poppler's rendering of the same page (pdftoppm at the resolution that makes
/// one page pixel one image pixel). The test pattern is asymmetric (a gradient with a dark block in one corner), so a
/// page turned the wrong way or mirrored cannot match.
/// </summary>
public sealed class PdfRotationTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static SourceImage ReadOne(string path) =>
        Assert.Single(PdfPageSource.Instance.Read(new SourceInput(path, path, File.ReadAllBytes(path)), SourceOptions.Default));

    // The page image as the preparer shows it: decoded, then turned by its own orientation tag (a DCT page carries /Rotate as one).
    private static PixelBuffer Upright(SourceImage page)
    {
        int orientation = ImageIdentifier.Identify(page.Data.Span).Orientation;
        PixelBuffer decoded = BuiltInImageEngine.Instance.Decode(page.Data.Span, DecodeOptions.Default, page.Label);
        return BuiltInImageEngine.Instance.ApplyOrientation(decoded, orientation);
    }

    private RawImage Rendered(string pdf, string dpi)
    {
        _dir.Run("pdftoppm", "-r", dpi, "-png", "-singlefile", pdf, _dir["render"]);
        return ReferenceTools.MagickRgba(_dir["render.png"], "-type", "TrueColorAlpha");
    }

    private string Pattern(string name, params string[] coding)
    {
        _dir.Run("convert", ["-size", "120x80", "gradient:white-gray60", "-fill", "black", "-draw", "rectangle 4,4 40,24", "-units", "PixelsPerInch", "-density", "72", .. coding, _dir[name]]);
        return _dir[name];
    }

    [ToolTheory("convert", "img2pdf", "pdftoppm")]
    [InlineData("90", "dct")]
    [InlineData("180", "dct")]
    [InlineData("270", "dct")]
    [InlineData("90", "flate")]
    [InlineData("270", "flate")]
    [InlineData("90", "ccitt")]
    [InlineData("180", "ccitt")]
    public void A_rotated_page_comes_out_as_pdftoppm_shows_it(string rotation, string coding)
    {
        string image = coding switch
        {
            "dct" => Pattern("p.jpg", "-quality", "95"),
            "flate" => Pattern("p.png", "-type", "TrueColor"),
            _ => Pattern("p.tif", "+dither", "-monochrome", "-compress", "Group4"),
        };
        _dir.Run("img2pdf", "--rotation", rotation, image, "-o", _dir["turned.pdf"]);

        SourceImage page = ReadOne(_dir["turned.pdf"]);
        using PixelBuffer ours = Upright(page);
        RawImage poppler = Rendered(_dir["turned.pdf"], "72");

        Assert.Equal((poppler.Width, poppler.Height), (ours.Width, ours.Height));
        Assert.Equal(rotation == "180" ? (120, 80) : (80, 120), (ours.Width, ours.Height));
        Assert.True(ImageCompare.Psnr(poppler, ours) > 25, $"PSNR {ImageCompare.Psnr(poppler, ours):0.0} against pdftoppm");
    }

    [ToolTheory("convert", "img2pdf", "gs", "pdftoppm", "pdfinfo")]
    [InlineData("90")]
    [InlineData("270")]
    public void A_page_whose_content_turns_the_image_comes_out_as_pdftoppm_shows_it(string rotation)
    {
        // Ghostscript rewrites /Rotate into the content: the page is unrotated and the image is drawn turned.
        _dir.Run("img2pdf", "--rotation", rotation, Pattern("p.jpg", "-quality", "95"), "-o", _dir["rotate.pdf"]);
        _dir.Run("gs", "-q", "-sDEVICE=pdfwrite", "-o", _dir["drawn.pdf"], _dir["rotate.pdf"]);
        Assert.Contains("Page rot:        0", System.Text.Encoding.ASCII.GetString(_dir.Run("pdfinfo", _dir["drawn.pdf"])));

        using PixelBuffer ours = Upright(ReadOne(_dir["drawn.pdf"]));
        RawImage poppler = Rendered(_dir["drawn.pdf"], "72");

        Assert.Equal((80, 120), (ours.Width, ours.Height));
        Assert.Equal((poppler.Width, poppler.Height), (ours.Width, ours.Height));
        Assert.True(ImageCompare.Psnr(poppler, ours) > 25, $"PSNR {ImageCompare.Psnr(poppler, ours):0.0} against pdftoppm");
    }

    [ToolFact("convert", "img2pdf", "pdfimages")]
    public void An_unrotated_dct_page_still_passes_byte_for_byte()
    {
        _dir.Run("img2pdf", Pattern("p.jpg"), "-o", _dir["plain.pdf"]);
        _dir.Run("pdfimages", "-j", _dir["plain.pdf"], _dir["ref"]);

        Assert.Equal(File.ReadAllBytes(_dir["ref-000.jpg"]), ReadOne(_dir["plain.pdf"]).Data.ToArray());
    }

    [ToolTheory("convert", "img2pdf", "pdftoppm", "pdfinfo", "identify")]
    [InlineData("auto", "90", 80, 120)]
    [InlineData("none", "0", 120, 80)]
    public void An_exif_rotated_photo_made_into_a_pdf_is_turned_by_the_page_only(string img2pdfRotation, string pageRotation, int width, int height)
    {
        // img2pdf (auto) turns the page by the photo's EXIF orientation (/Rotate 90) and keeps the tag in the JPEG;
        // with none it leaves the page unturned. poppler ignores the tag either way, and so does VisionPS.
        byte[] jpeg = File.ReadAllBytes(Pattern("p.jpg"));
        File.WriteAllBytes(_dir["tagged.jpg"], [.. jpeg[..2], .. ExifApp1(orientation: 6), .. jpeg[2..]]);
        Assert.Equal("RightTop", System.Text.Encoding.ASCII.GetString(_dir.Run("identify", "-format", "%[orientation]", _dir["tagged.jpg"])));
        _dir.Run("img2pdf", "--rotation", img2pdfRotation, _dir["tagged.jpg"], "-o", _dir["photo.pdf"]);
        Assert.Contains($"Page rot:        {pageRotation}\n", System.Text.Encoding.ASCII.GetString(_dir.Run("pdfinfo", _dir["photo.pdf"])));

        using PixelBuffer ours = Upright(ReadOne(_dir["photo.pdf"]));
        RawImage poppler = Rendered(_dir["photo.pdf"], "72");

        Assert.Equal((width, height), (ours.Width, ours.Height));
        Assert.Equal((poppler.Width, poppler.Height), (ours.Width, ours.Height));
        Assert.True(ImageCompare.Psnr(poppler, ours) > 25);
    }

    // An APP1 segment holding EXIF IFD0 with just the Orientation tag (no tool on the machine writes one into a JPEG).
    private static byte[] ExifApp1(int orientation) =>
        [0xFF, 0xE1, 0, 34, .. "Exif\0\0II*\0"u8, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];

    [ToolTheory("convert", "pdftoppm")]
    [InlineData(270, null)]
    [InlineData(90, 180)]
    public void Rotate_inherited_from_the_page_tree_is_applied_unless_the_page_says_otherwise(int treeRotate, int? pageRotate)
    {
        byte[] jpeg = File.ReadAllBytes(Pattern("p.jpg", "-quality", "95", "-type", "TrueColor"));
        File.WriteAllBytes(_dir["tree.pdf"], HandMadePdf.WithJpegPage(jpeg, 120, 80, treeRotate, pageRotate));

        using PixelBuffer ours = Upright(ReadOne(_dir["tree.pdf"]));
        RawImage poppler = Rendered(_dir["tree.pdf"], "72");

        Assert.Equal((poppler.Width, poppler.Height), (ours.Width, ours.Height));
        Assert.True(ImageCompare.Psnr(poppler, ours) > 25);
    }

    [ToolTheory("convert", "pdftoppm")]
    [InlineData("-120 0 0 80 120 0", 120, 80)]
    [InlineData("120 0 0 -80 0 80", 120, 80)]
    [InlineData("0 120 80 0 0 0", 80, 120)]
    [InlineData("0 -120 -80 0 80 120", 80, 120)]
    [InlineData("0 -120 80 0 0 120", 80, 120)]
    public void An_image_drawn_mirrored_or_transposed_comes_out_as_pdftoppm_shows_it(string matrix, int pageWidth, int pageHeight)
    {
        byte[] jpeg = File.ReadAllBytes(Pattern("p.jpg", "-quality", "95", "-type", "TrueColor"));
        File.WriteAllBytes(_dir["drawn.pdf"], HandMadePdf.WithJpegPage(jpeg, 120, 80, null, null, matrix, (pageWidth, pageHeight)));

        using PixelBuffer ours = Upright(ReadOne(_dir["drawn.pdf"]));
        RawImage poppler = Rendered(_dir["drawn.pdf"], "72");

        Assert.Equal((poppler.Width, poppler.Height), (ours.Width, ours.Height));
        // poppler samples an image drawn upside down a row off (23 dB against ImageMagick's -flip of it); drawn the wrong
        // way, the pattern scores about 9 dB.
        Assert.True(ImageCompare.Psnr(poppler, ours) > 20, $"PSNR {ImageCompare.Psnr(poppler, ours):0.0} against pdftoppm");
    }

    [ToolTheory("convert", "img2pdf", "pdftoppm")]
    [InlineData("0")]
    [InlineData("90")]
    public void A_fax_page_at_200x100_dpi_gets_square_pixels_like_pdftoppm_renders_it(string rotation)
    {
        _dir.Run("convert", "-size", "200x50", "xc:white", "-fill", "black", "-draw", "rectangle 10,5 90,20", "-draw", "rectangle 150,30 190,45",
            "-monochrome", "-units", "PixelsPerInch", "-density", "200x100", "-compress", "Group4", _dir["fax.tif"]);
        _dir.Run("img2pdf", "--rotation", rotation, _dir["fax.tif"], "-o", _dir["fax.pdf"]);

        SourceImage page = ReadOne(_dir["fax.pdf"]);
        using PixelBuffer ours = Upright(page);
        RawImage poppler = Rendered(_dir["fax.pdf"], "200");

        Assert.Equal(ImageFormat.Png, ImageIdentifier.DetectFormat(page.Data.Span));
        Assert.Equal((poppler.Width, poppler.Height), (ours.Width, ours.Height));
        Assert.Equal(rotation == "0" ? (200, 100) : (100, 200), (ours.Width, ours.Height));
        Assert.True(ImageCompare.Psnr(poppler, ours) > 15, $"PSNR {ImageCompare.Psnr(poppler, ours):0.0} against pdftoppm");
    }
}
