using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;

namespace VisionPS.Core.Tests.Images;

/// <summary>
/// A JPEG page turned by /Rotate through the preparer: turned upright by re-encoding by default, sent as its own bytes with
/// the turn as an EXIF tag under -NoResize (ImageMagick reads the tag back). PDFs made by img2pdf.
/// </summary>
public sealed class RotatedPagesTests
{
    private static readonly string Work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-rotated-" + Environment.ProcessId)).FullName;

    private static string TurnedJpegPage()
    {
        string pdf = Path.Combine(Work, "turned.pdf");
        if (!File.Exists(pdf))
        {
            ReferenceTools.Run("convert", ["-size", "120x80", "gradient:white-gray60", "-type", "TrueColor", Path.Combine(Work, "p.jpg")], stdin: null);
            ReferenceTools.Run("img2pdf", ["--rotation", "90", Path.Combine(Work, "p.jpg"), "-o", pdf], stdin: null);
        }

        return pdf;
    }

    [ToolFact("convert", "img2pdf")]
    public void A_turned_jpeg_page_is_re_encoded_upright()
    {
        ImagePart page = Assert.Single(ImagePartFactory.ReadFile(TurnedJpegPage()));

        Assert.Equal(("image/jpeg", 80, 120), (page.MimeType, page.Width, page.Height));
        Assert.True(page.Changes.HasFlag(ImageChanges.Rotated));
    }

    [ToolFact("convert", "img2pdf", "identify")]
    public void With_NoResize_a_turned_jpeg_page_keeps_its_bytes_and_carries_the_turn_as_a_tag()
    {
        ImagePart page = Assert.Single(ImagePartFactory.ReadFile(TurnedJpegPage(), preparation: ImagePreparationOptions.Default with { Resize = false }));
        string sent = Path.Combine(Work, "sent.jpg");
        File.WriteAllBytes(sent, page.Data.ToArray());

        Assert.Equal(("image/jpeg", 80, 120), (page.MimeType, page.Width, page.Height));
        Assert.Equal("RightTop 120x80", System.Text.Encoding.ASCII.GetString(ReferenceTools.Run("identify", ["-format", "%[orientation] %wx%h", sent], stdin: null)));
        Assert.Contains(page.Warnings, w => w.Contains("EXIF orientation 6", StringComparison.Ordinal));
    }
}
