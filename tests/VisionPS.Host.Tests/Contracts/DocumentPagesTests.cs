using System.Management.Automation;
using System.Text.Json;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>
/// Document pages beyond scans through the cmdlets against the test server: text pages sent as text parts (ConvertTo-ImagePart,
/// Invoke-VisionChat, -WhatIf, Compare-Image, Submit-VisionBatch), fax pages with -NoResize, and TIFF page lists. Files are
/// made at test time by Ghostscript, ImageMagick and img2pdf.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class DocumentPagesTests(ModuleFixture fixture) : IDisposable
{
    private readonly ModuleShell _shell = fixture.Shell();

    public void Dispose() => _shell.Dispose();

    private HostedRun Run(string script) => _shell.Run(script, fixture.Variables);

    private string File(string name) => Path.Combine(fixture.Work, name);

    // Page 1 a photo, page 2 nothing (a line drawing), page 3 a text layer only.
    private string PhotoBlankText()
    {
        string pdf = File("photo-blank-text.pdf");
        if (!System.IO.File.Exists(pdf))
        {
            ExternalTool.Run("convert", "-size", "64x48", "xc:red", File("pbt.jpg"));
            string viewJpeg = Directory.GetFiles("/usr/share/ghostscript", "viewjpeg.ps", SearchOption.AllDirectories).First();
            ExternalTool.Run("gs", "-q", "-dNOSAFER", "-sDEVICE=pdfwrite", "-o", pdf, viewJpeg, "-c",
                $"({File("pbt.jpg")}) viewJPEG showpage 0 0 moveto 50 50 lineto stroke showpage /Helvetica findfont 14 scalefont setfont 20 700 moveto (TERMS APPLY) show showpage");
            Assert.Equal("TERMS APPLY", ExternalTool.Run("pdftotext", "-f", "3", "-l", "3", pdf, "-").Trim());
        }

        return pdf;
    }

    private List<(string Type, string Text)> LastUserContent()
    {
        using JsonDocument body = JsonDocument.Parse(fixture.Server.Requests[^1].Body);
        JsonElement user = body.RootElement.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user");
        return user.GetProperty("content").EnumerateArray().Select(p => p.GetProperty("type").GetString() == "text"
            ? ("text", p.GetProperty("text").GetString()!)
            : ("image_url", p.GetProperty("image_url").GetProperty("url").GetString()!.Split(';')[0])).ToList();
    }

    private static readonly (string, string)[] ExpectedWire =
    [
        ("text", "photo-blank-text.pdf, page 1 of 3:"), ("image_url", "data:image/jpeg"),
        ("text", "photo-blank-text.pdf, page 3 of 3:\nTERMS APPLY"), ("text", "Read the pages."),
    ];

    [ToolFact("convert", "gs", "pdftotext")]
    public void A_text_page_goes_as_text_and_an_empty_page_is_skipped_with_a_warning()
    {
        string pdf = PhotoBlankText();

        HostedRun run = Run($"Invoke-VisionChat 'Read the pages.' -Image '{pdf}' @Chat");

        Assert.Empty(run.Errors);
        Assert.Equal(ExpectedWire, LastUserContent());
        Assert.Contains(run.Warnings, w => w.Message.Contains("page 2 of 3 has neither an image nor text", StringComparison.Ordinal));
        Assert.Contains(run.Warnings, w => w.Message.Contains("page 3 of 3 has no image, only text", StringComparison.Ordinal));
        Assert.Equal([$"{pdf} (page 1 of 3)", $"{pdf} (page 3 of 3)"], ((IEnumerable<object>)run.Output.Single().Properties["Images"].Value).Select(o => o.ToString()));
    }

    [ToolFact("convert", "gs", "pdftotext")]
    public void ConvertTo_ImagePart_emits_a_text_page_as_a_part_without_image_that_pipes_into_the_same_request()
    {
        string pdf = PhotoBlankText();

        HostedRun parts = Run($"ConvertTo-ImagePart '{pdf}' | Select-Object Label, HasImage, Type, MimeType, Text");
        HostedRun piped = Run($"ConvertTo-ImagePart '{pdf}' | Invoke-VisionChat 'Read the pages.' @Chat -SingleRequest");
        HostedRun view = Run($"ConvertTo-ImagePart '{pdf}' -Page 3 | Out-String -Width 80");

        Assert.Equal(["page 1 of 3", "page 3 of 3"], parts.Output.Select(o => o.Properties["Label"].Value));
        Assert.Equal([true, false], parts.Output.Select(o => o.Properties["HasImage"].Value));
        Assert.Equal(["jpeg", "text"], parts.Output.Select(o => o.Properties["Type"].Value?.ToString()));
        Assert.Null(parts.Output[1].Properties["MimeType"].Value);
        Assert.Equal("TERMS APPLY", parts.Output[1].Properties["Text"].Value);
        Assert.Empty(piped.Errors);
        Assert.Equal(ExpectedWire, LastUserContent());
        Assert.Matches(@"\(page 3 of 3\) text\s+no image: its text", (string)view.Output.Single().BaseObject);
    }

    [ToolFact("gs", "pdftotext")]
    public void WhatIf_counts_a_text_pdf_as_text_and_a_pdf_with_nothing_is_DocumentEmpty()
    {
        string text = File("only-text.pdf");
        string blank = File("only-lines.pdf");
        ExternalTool.Run("gs", "-q", "-sDEVICE=pdfwrite", "-o", text, "-c", "/Helvetica findfont 14 scalefont setfont 20 700 moveto (CONTRACT SEVENTEEN) show showpage");
        ExternalTool.Run("gs", "-q", "-sDEVICE=pdfwrite", "-o", blank, "-c", "0 0 moveto 50 50 lineto stroke showpage");
        int before = fixture.Server.Requests.Count;
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);

        HostedRun run = shell.Run($"Invoke-VisionChat 'Summarise' -Image '{text}', '{blank}' -BaseUrl $BaseUrl -Model gpt-4o -WhatIf", fixture.Variables);

        Assert.Equal(before, fixture.Server.Requests.Count);
        string whatIf = string.Join("\n", host.Lines);
        Assert.Contains($"{text} (page 1 of 1): text only, ~", whatIf, StringComparison.Ordinal);
        ContractAssert.Error(Assert.Single(run.Errors), "DocumentEmpty", "InvokeVisionChatCommand", ErrorCategory.InvalidData, blank);
    }

    [ToolFact("gs", "pdftotext")]
    public void Submit_VisionBatch_takes_a_text_pdf_as_one_request()
    {
        string text = File("batch-text.pdf");
        ExternalTool.Run("gs", "-q", "-sDEVICE=pdfwrite", "-o", text, "-c", "/Helvetica findfont 14 scalefont setfont 20 700 moveto (INVOICE 12) show showpage");
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);
        Dictionary<string, object?> variables = fixture.Variables;
        variables["Job"] = Path.Combine(fixture.Work, "text-job-" + Guid.NewGuid().ToString("N")[..8]);

        HostedRun run = shell.Run($"Submit-VisionBatch 'Read' -Image '{text}' -BaseUrl $BaseUrl -Model gpt-4o -JobPath $Job -WhatIf", variables);

        Assert.Empty(run.Errors);
        Assert.Contains("Submit 1 requests to gpt-4o at ", Assert.Single(host.Lines, l => l.StartsWith("What if: ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [ToolFact("convert", "gs", "pdftotext")]
    public void Compare_Image_puts_a_text_page_against_an_image_page()
    {
        string pdf = PhotoBlankText();

        HostedRun run = Run($"Compare-Image -ReferenceImage (ConvertTo-ImagePart '{pdf}' -Page 1) -DifferenceImage (ConvertTo-ImagePart '{pdf}' -Page 3) @Chat");

        Assert.Empty(run.Errors);
        List<(string Type, string Text)> content = LastUserContent();
        Assert.Equal(["text", "image_url", "text", "text"], content.Select(c => c.Type));
        Assert.EndsWith("photo-blank-text.pdf, page 3 of 3:\nTERMS APPLY", content[2].Text, StringComparison.Ordinal);
        Assert.Contains("text only", (string)run.Output[^1].Properties["MeasuresNote"].Value, StringComparison.Ordinal);
    }

    [ToolFact("convert", "img2pdf")]
    public void A_fax_page_goes_with_NoResize_as_a_png_with_square_pixels()
    {
        string pdf = File("fax-200x100.pdf");
        ExternalTool.Run("convert", "-size", "200x50", "xc:white", "-fill", "black", "-draw", "rectangle 10,5 90,20", "-monochrome", "-units", "PixelsPerInch", "-density", "200x100", "-compress", "Group4", File("fax.tif"));
        ExternalTool.Run("img2pdf", File("fax.tif"), "-o", pdf);

        HostedRun run = Run($"ConvertTo-ImagePart '{pdf}' -NoResize | Select-Object MimeType, Width, Height");

        Assert.Empty(run.Errors);
        PSObject part = Assert.Single(run.Output);
        Assert.Equal(("image/png", 200, 100), ((string)part.Properties["MimeType"].Value, (int)part.Properties["Width"].Value, (int)part.Properties["Height"].Value));
    }

    [Fact]
    public void A_tiff_page_list_sends_every_listed_page_labelled_in_one_request()
    {
        string tiff = File("three-pages.tif");
        ExternalTool.Run("convert", "(", "-size", "90x60", "xc:red", ")", "(", "-size", "80x40", "xc:lime", ")", "(", "-size", "70x50", "xc:blue", ")", "-depth", "8", "-compress", "LZW", tiff);

        HostedRun run = Run($"Invoke-VisionChat 'Read' -Image '{tiff}' -Page 3,1 @Chat; ConvertTo-ImagePart '{tiff}' -Page 2-3 | Select-Object Label, Width, Height");

        Assert.Empty(run.Errors);
        Assert.Equal(
            [("text", "three-pages.tif, page 3 of 3:"), ("image_url", "data:image/png"), ("text", "three-pages.tif, page 1 of 3:"), ("image_url", "data:image/png"), ("text", "Read")],
            LastUserContent());
        Assert.Equal([$"{tiff} (page 3 of 3)", $"{tiff} (page 1 of 3)"], ((IEnumerable<object>)run.Output[0].Properties["Images"].Value).Select(o => o.ToString()));
        Assert.Equal(["page 2 of 3", "page 3 of 3"], run.Output.Skip(1).Select(o => o.Properties["Label"].Value));
        Assert.Equal([80, 70], run.Output.Skip(1).Select(o => o.Properties["Width"].Value));
    }

    [ToolFact("gs", "pdftotext")]
    public void The_key_appears_in_no_stream_when_text_pages_are_sent()
    {
        string text = File("key-text.pdf");
        ExternalTool.Run("gs", "-q", "-sDEVICE=pdfwrite", "-o", text, "-c", "/Helvetica findfont 14 scalefont setfont 20 700 moveto (NOTHING SECRET) show showpage");

        HostedRun run = Run($"$DebugPreference = 'Continue'; Invoke-VisionChat 'Read' -Image '{text}' @Chat -Verbose; Invoke-VisionChat 'Read' -Image '{text}' -Page 2 @Chat; ConvertTo-ImagePart '{text}' -Verbose | Format-List * | Out-String");

        string everything = string.Join("\n", run.Output.Select(o => o.ToString()).Concat(run.Errors.Select(e => e.ToString() + e.ErrorDetails?.RecommendedAction))
            .Concat(run.Warnings.Select(w => w.Message)).Concat(run.Verbose.Select(v => v.Message)).Concat(run.Information.Select(i => i.MessageData?.ToString())));
        Assert.Null(run.Terminating);
        Assert.NotEmpty(run.Errors);
        Assert.Contains("text only", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ModuleFixture.Key, everything, StringComparison.Ordinal);
    }
}
