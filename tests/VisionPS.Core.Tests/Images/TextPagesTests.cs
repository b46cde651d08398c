using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Comparison;
using VisionPS.Core.History;
using VisionPS.Core.Images;
using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Images;

/// <summary>
/// A PDF page with text and no image (vision-api-facts §7: no renderer is served, so its text is sent) is a part without
/// an image: a text part on the wire, counted as text in the estimate and the -WhatIf line, part of the cache key.
/// PDFs are made by Ghostscript; pdftotext confirms their text layer.
/// </summary>
public sealed class TextPagesTests
{
    private static readonly string Work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-textpages-" + Environment.ProcessId)).FullName;

    // Page 1 a photo, page 2 a text layer only.
    private static string PhotoThenText(string name, string text)
    {
        string pdf = Path.Combine(Work, name);
        if (!File.Exists(pdf))
        {
            string photo = Path.Combine(Work, "photo.jpg");
            ReferenceTools.Run("convert", ["-size", "64x48", "xc:red", photo], stdin: null);
            string viewJpeg = Directory.GetFiles("/usr/share/ghostscript", "viewjpeg.ps", SearchOption.AllDirectories).First();
            ReferenceTools.Run("gs", ["-q", "-dNOSAFER", "-sDEVICE=pdfwrite", "-o", pdf, viewJpeg, "-c",
                $"({photo}) viewJPEG showpage /Helvetica findfont 14 scalefont setfont 20 700 moveto ({text}) show showpage"], stdin: null);
            Assert.Equal(text, System.Text.Encoding.UTF8.GetString(ReferenceTools.Run("pdftotext", ["-f", "2", "-l", "2", pdf, "-"], stdin: null)).Trim());
        }

        return pdf;
    }

    private static readonly ChatSettings Settings = new() { Model = "gpt-4o", BaseUrl = new Uri("https://api.openai.com/v1/") };

    private static string[] Wire(ChatCall call)
    {
        using JsonDocument body = JsonDocument.Parse(call.ToJson());
        return body.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray()
            .Select(p => p.GetProperty("type").GetString() == "text" ? p.GetProperty("text").GetString()! : "<image>").ToArray();
    }

    [ToolFact("convert", "gs", "pdftotext")]
    public void A_text_page_is_a_part_without_an_image_that_says_so()
    {
        IReadOnlyList<ImagePart> parts = ImagePartFactory.ReadFile(PhotoThenText("mixed.pdf", "TERMS APPLY"));

        Assert.Equal([true, false], parts.Select(p => p.HasImage));
        ImagePart text = parts[1];
        Assert.Equal((null, null, null, null), (text.MimeType, text.Width, text.Height, text.ByteLength));
        Assert.Equal(("page", "page 2 of 2", "TERMS APPLY"), (text.OriginKind, text.Label, text.Text));
        Assert.Equal("mixed.pdf, page 2 of 2:\nTERMS APPLY", text.Caption);
        Assert.Contains(text.Warnings, w => w.Contains("page 2 of 2 has no image, only text", StringComparison.Ordinal));
        Assert.Equal("text", text.ToContentPart().Type);
        Assert.Throws<InvalidOperationException>(() => text.ToUrl());
        Assert.Contains("text only", VisionPS.Core.Images.Preparation.PreparationSummary.Of(text), StringComparison.Ordinal);
    }

    [ToolFact("convert", "gs", "pdftotext")]
    public void The_request_sends_the_text_page_as_text_and_counts_it_as_text()
    {
        IReadOnlyList<ImagePart> parts = ImagePartFactory.ReadFile(PhotoThenText("mixed.pdf", "TERMS APPLY"));

        ChatCall call = ChatCallBuilder.Build(Settings, "Read it.", parts);
        ChatCall photoOnly = ChatCallBuilder.Build(Settings, "Read it.", parts.Take(1).ToArray());

        Assert.Equal(["mixed.pdf, page 1 of 2:", "<image>", "mixed.pdf, page 2 of 2:\nTERMS APPLY", "Read it."], Wire(call));
        Assert.Equal([parts[0].Source], call.Estimate.Images.Select(i => i.Source));
        Assert.True(call.Estimate.TextTokens >= photoOnly.Estimate.TextTokens + PromptEstimator.TextTokens(parts[1].Caption) - 1);
        string whatIf = CallPreview.Describe(call);
        Assert.Contains($"{parts[1].Source}: text only, ~{PromptEstimator.TextTokens(parts[1].Caption)} tokens of text", whatIf, StringComparison.Ordinal);
        Assert.Single(call.ConversationMessages[^1].Parts, p => p.Image is not null);
    }

    [ToolFact("convert", "gs", "pdftotext")]
    public void The_answer_cache_key_follows_the_text_of_a_text_page()
    {
        var endpoint = new Uri("https://api.openai.com/v1/chat/completions");
        string Key(string pdf) => RequestKey.Of(endpoint, ChatCallBuilder.Build(Settings, "Read it.", ImagePartFactory.ReadFile(pdf)).Request);

        string first = Key(PhotoThenText("terms-a.pdf", "TERMS APPLY"));
        string again = Key(PhotoThenText("terms-a.pdf", "TERMS APPLY"));
        string other = Key(PhotoThenText("terms-b.pdf", "TERMS LAPSE"));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [ToolFact("convert", "gs", "pdftotext")]
    public void Compare_labels_a_text_page_and_measures_nothing_locally()
    {
        IReadOnlyList<ImagePart> parts = ImagePartFactory.ReadFile(PhotoThenText("mixed.pdf", "TERMS APPLY"));

        ChatCall call = ChatCallBuilder.Build(Settings, "Compare.", parts, history: null, labels: ["Image 1 (reference): a", "Image 2 (difference): b"]);
        LocalMeasures? measures = PairMeasurer.TryMeasure(parts[0], parts[1], out string? note);

        Assert.Equal(["Image 1 (reference): a\nmixed.pdf, page 1 of 2:", "<image>", "Image 2 (difference): b\nmixed.pdf, page 2 of 2:\nTERMS APPLY", "Compare."], Wire(call));
        Assert.Null(measures);
        Assert.Contains("text only", note, StringComparison.Ordinal);
    }
}
