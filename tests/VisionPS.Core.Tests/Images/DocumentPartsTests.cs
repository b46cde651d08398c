using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;

namespace VisionPS.Core.Tests.Images;

/// <summary>
/// A document as parts (issue 18 point 5): one input becomes several labelled parts behind the image seam, and the
/// request carries each right after a text part naming it, with every image in the estimate.
/// </summary>
public sealed class DocumentPartsTests
{
    private static readonly string Work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-docparts-" + Environment.ProcessId)).FullName;

    // Two pages: a JPEG photo and a lossless PNG, through img2pdf.
    private static string TwoPagePdf()
    {
        string pdf = Path.Combine(Work, "two.pdf");
        if (!File.Exists(pdf))
        {
            ReferenceTools.Run("convert", ["-size", "64x48", "xc:red", Path.Combine(Work, "a.jpg")], stdin: null);
            ReferenceTools.Run("convert", ["-size", "32x32", "xc:blue", "-type", "TrueColor", Path.Combine(Work, "b.png")], stdin: null);
            ReferenceTools.Run("img2pdf", [Path.Combine(Work, "a.jpg"), Path.Combine(Work, "b.png"), "-o", pdf], stdin: null);
        }

        return pdf;
    }

    [ToolFact("convert", "img2pdf")]
    public void A_pdf_read_as_bytes_becomes_one_part_per_page_naming_its_origin_and_page()
    {
        byte[] pdf = File.ReadAllBytes(TwoPagePdf());

        IReadOnlyList<ImagePart> parts = ImagePartFactory.ReadBytes(pdf, "two.pdf");

        Assert.Equal(["two.pdf (page 1 of 2)", "two.pdf (page 2 of 2)"], parts.Select(p => p.Source));
        Assert.Equal(["image/jpeg", "image/png"], parts.Select(p => p.MimeType));
        Assert.All(parts, p => Assert.Equal("two.pdf", p.Origin));
        Assert.All(parts, p => Assert.Equal("page", p.OriginKind));
        Assert.Equal("two.pdf, page 2 of 2:", parts[1].Caption);
        Assert.Throws<VisionArgumentException>(() => ImagePartFactory.FromBytes(pdf, "two.pdf"));
    }

    [ToolFact("convert", "img2pdf")]
    public void The_request_puts_each_page_after_its_label_and_estimates_every_page()
    {
        IReadOnlyList<ImagePart> parts = ImagePartFactory.ReadFile(TwoPagePdf());
        var settings = new ChatSettings { Model = "gpt-4o", BaseUrl = new Uri("https://api.openai.com/v1/") };

        ChatCall call = ChatCallBuilder.Build(settings, "Read it.", parts);

        using JsonDocument body = JsonDocument.Parse(call.ToJson());
        string[] kinds = body.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray()
            .Select(p => p.GetProperty("type").GetString() == "text" ? p.GetProperty("text").GetString()! : "<image>").ToArray();
        Assert.Equal(["two.pdf, page 1 of 2:", "<image>", "two.pdf, page 2 of 2:", "<image>", "Read it."], kinds);
        Assert.Equal(2, call.Estimate.Images.Count);
        Assert.Equal(parts.Select(p => p.Source), call.Estimate.Images.Select(i => i.Source));
    }

    [Fact]
    public void Page_lists_become_source_options_and_a_bad_list_is_a_PageSelectionInvalid_error()
    {
        ImagePreparationOptions options = SourceSwitches.Apply(ImagePreparationOptions.Default, ["3", "1-2"], 0, 0);
        var error = Assert.Throws<VisionArgumentException>(() => SourceSwitches.Apply(ImagePreparationOptions.Default, ["2-1"], 0, 0));

        Assert.Equal("3,1-2", options.Sources.Pages!.Text);
        Assert.Equal(3, options.Page);
        Assert.False(options.Sources.AnimationFrames);
        Assert.Equal(ErrorIds.PageSelectionInvalid, error.ErrorId);
        Assert.True(SourceSwitches.Apply(ImagePreparationOptions.Default, null, 0, 4).Sources.AnimationFrames);
    }
}
