using VisionPS.Imaging.Sources;
using VisionPS.Imaging.Sources.TiffPages;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Sources;

/// <summary>A multi-page TIFF with a -Page list gives every listed page, checked against ImageMagick's reading of each page.</summary>
public sealed class TiffPageSourceTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // Three pages of different sizes and codings: LZW RGB, a Group 4 fax page, and a Deflate gradient.
    private string ThreePages()
    {
        _dir.Run("convert",
            "(", "-size", "90x60", "xc:red", "-fill", "blue", "-draw", "rectangle 5,5 30,20", ")",
            "(", "-size", "120x80", "xc:white", "-fill", "black", "-draw", "rectangle 10,10 60,40", "-monochrome", "-compress", "Group4", ")",
            "(", "-size", "70x50", "gradient:green-yellow", "-compress", "Zip", ")",
            "-depth", "8", "-compress", "LZW", _dir["three.tif"]);
        return _dir["three.tif"];
    }

    private static IReadOnlyList<SourceImage> Read(string path, string pages) =>
        TiffPageSource.Instance.Read(new SourceInput(path, path, File.ReadAllBytes(path)), new SourceOptions { Pages = PageSelection.Parse([pages]) });

    [ToolFact("convert", "identify")]
    public void A_page_list_gives_every_listed_page_in_order_with_imagemagicks_pixels()
    {
        string tiff = ThreePages();
        Assert.Equal("3", System.Text.Encoding.ASCII.GetString(_dir.Run("identify", "-format", "%n\\n", tiff)).Split('\n')[0]);

        IReadOnlyList<SourceImage> pages = Read(tiff, "3,1-2");

        Assert.Equal(["page 3 of 3", "page 1 of 3", "page 2 of 3"], pages.Select(p => p.Label));
        Assert.All(pages, p => Assert.Equal(SourceImageKind.Page, p.Kind));
        foreach (SourceImage page in pages)
        {
            using PixelBuffer ours = BuiltInImageEngine.Instance.Decode(page.Data.Span, DecodeOptions.Default, page.Label);
            _dir.Run("convert", $"{tiff}[{page.Number - 1}]", _dir[$"magick-{page.Number}.png"]);
            RawImage magick = ReferenceTools.MagickRgba(_dir[$"magick-{page.Number}.png"], "-type", "TrueColorAlpha");
            Assert.Equal(0, ImageCompare.MaxDifference(magick, ours));
        }
    }

    [Fact]
    public void Only_a_list_of_pages_makes_a_tiff_a_source()
    {
        byte[] header = "II*\0\u0008\0\0\0"u8.ToArray();

        Assert.False(TiffPageSource.Instance.Recognises(header, SourceOptions.Default));
        Assert.False(TiffPageSource.Instance.Recognises(header, new SourceOptions { Pages = PageSelection.Parse(["2"]) }));
        Assert.True(TiffPageSource.Instance.Recognises(header, new SourceOptions { Pages = PageSelection.Parse(["1,3"]) }));
        Assert.True(TiffPageSource.Instance.Recognises(header, new SourceOptions { Pages = PageSelection.Parse(["2-"]) }));
        Assert.False(TiffPageSource.Instance.Recognises("%PDF-1.7"u8, new SourceOptions { Pages = PageSelection.Parse(["1,3"]) }));
    }

    [ToolFact("convert")]
    public void A_page_past_the_end_is_refused_naming_the_file_and_the_page_count()
    {
        string tiff = ThreePages();

        var refused = Assert.Throws<SourceRefusedException>(() => Read(tiff, "1,4"));

        Assert.Equal(SourceRefusal.PageNotFound, refused.Reason);
        Assert.Contains("page 4 was asked for, but there are 3 pages", refused.Message);
        Assert.Contains(tiff, refused.Message);
    }
}
