using System.Management.Automation;
using System.Text.Json;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>
/// A scanned PDF and a video through the cmdlets against the test server: every page or frame arrives as an image in
/// one request, in order, each right after a text part naming it. The files are made at test time by Debian's
/// ImageMagick, img2pdf, Ghostscript and ffmpeg.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class DocumentAndVideoTests(ModuleFixture fixture) : IDisposable
{
    private readonly ModuleShell _shell = fixture.Shell();

    private HostedRun Run(string script) => _shell.Run(script, fixture.Variables);

    private string File(string name) => Path.Combine(fixture.Work, name);

    // Three pages as scanners write them: JPEG, lossless RGB (Flate) and a Group 4 fax.
    private string ScannedPdf()
    {
        string pdf = File("scan-3.pdf");
        if (!System.IO.File.Exists(pdf))
        {
            ExternalTool.Run("convert", "-size", "120x90", "xc:red", File("scan-p1.jpg"));
            ExternalTool.Run("convert", "-size", "100x70", "xc:blue", "-type", "TrueColor", File("scan-p2.png"));
            ExternalTool.Run("convert", "-size", "200x150", "xc:white", "-fill", "black", "-draw", "rectangle 20,30 120,90", "-monochrome", "-compress", "Group4", File("scan-p3.tif"));
            ExternalTool.Run("img2pdf", File("scan-p1.jpg"), File("scan-p2.png"), File("scan-p3.tif"), "-o", pdf);
        }

        return pdf;
    }

    // Ten seconds: red, green, blue and yellow for 2.5 s each.
    private string TenSecondClip()
    {
        string clip = File("clip-10s.mp4");
        if (!System.IO.File.Exists(clip))
        {
            var args = new List<string> { "-nostdin", "-v", "error", "-y" };
            foreach (string colour in new[] { "red", "lime", "blue", "yellow" })
            {
                args.AddRange(["-f", "lavfi", "-i", $"color=c={colour}:s=320x240:r=25:d=2.5"]);
            }

            args.AddRange(["-filter_complex", "[0:v][1:v][2:v][3:v]concat=n=4:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip]);
            ExternalTool.Run("ffmpeg", [.. args]);
        }

        return clip;
    }

    // The last request's user content as (type, text) pairs: text parts with their text, image parts with their MIME type.
    private List<(string Type, string Text)> LastUserContent()
    {
        using JsonDocument body = JsonDocument.Parse(fixture.Server.Requests[^1].Body);
        JsonElement user = body.RootElement.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user");
        return user.GetProperty("content").EnumerateArray().Select(p => p.GetProperty("type").GetString() == "text"
            ? ("text", p.GetProperty("text").GetString()!)
            : ("image_url", p.GetProperty("image_url").GetProperty("url").GetString()!.Split(';')[0])).ToList();
    }

    [ToolFact("convert", "img2pdf")]
    public void A_scanned_pdf_sends_every_page_in_one_request_each_after_its_label()
    {
        string pdf = ScannedPdf();
        int before = fixture.Server.Requests.Count;

        HostedRun run = Run($"Invoke-VisionChat 'Read the pages.' -Image '{pdf}' @Chat");

        ContractAssert.Clean(run);
        Assert.Equal(before + 1, fixture.Server.Requests.Count);
        List<(string Type, string Text)> content = LastUserContent();
        Assert.Equal(
            [
                ("text", "scan-3.pdf, page 1 of 3:"), ("image_url", "data:image/jpeg"),
                ("text", "scan-3.pdf, page 2 of 3:"), ("image_url", "data:image/png"),
                ("text", "scan-3.pdf, page 3 of 3:"), ("image_url", "data:image/png"),
            ],
            content.Where(c => c.Text != "Read the pages."));
        Assert.Equal([$"{pdf} (page 1 of 3)", $"{pdf} (page 2 of 3)", $"{pdf} (page 3 of 3)"], ((IEnumerable<object>)run.Output.Single().Properties["Images"].Value).Select(o => o.ToString()));
    }

    [ToolFact("convert", "img2pdf")]
    public void Page_picks_pages_for_ConvertTo_ImagePart_and_an_unknown_page_is_an_error_naming_the_file()
    {
        string pdf = ScannedPdf();

        HostedRun run = Run($"ConvertTo-ImagePart '{pdf}' -Page 3,1; ConvertTo-ImagePart '{pdf}' -Page 9");

        Assert.Equal(["page 3 of 3", "page 1 of 3"], run.Output.Select(o => o.Properties["Label"].Value));
        ErrorRecord error = Assert.Single(run.Errors);
        ContractAssert.Error(error, "ImagePageNotFound", "ConvertToImagePartCommand", ErrorCategory.ObjectNotFound, pdf);
    }

    [ToolFact("gs")]
    public void An_encrypted_pdf_is_an_error_for_that_input_only()
    {
        string locked = File("locked.pdf");
        ExternalTool.Run("gs", "-q", "-sDEVICE=pdfwrite", "-sOwnerPassword=o", "-sUserPassword=u", "-o", locked, "-c", "/Helvetica findfont 12 scalefont setfont 10 10 moveto (x) show showpage");

        HostedRun run = Run($"'{locked}', 'a.jpg' | Invoke-VisionChat 'Describe' @Chat");

        Assert.Null(run.Terminating);
        Assert.Single(run.Output);
        ContractAssert.Error(Assert.Single(run.Errors), "DocumentEncrypted", "InvokeVisionChatCommand", ErrorCategory.PermissionDenied, locked);
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void A_ten_second_clip_sends_its_frames_in_order_each_after_its_timestamp()
    {
        string clip = TenSecondClip();

        HostedRun run = Run($"Invoke-VisionChat 'What happens?' -Image '{clip}' -MaxFrames 4 @Chat");

        ContractAssert.Clean(run);
        List<(string Type, string Text)> content = LastUserContent().Where(c => c.Text != "What happens?").ToList();
        // Spread evenly: the middle of each quarter, so one frame from each 2.5-second colour (the MP4 lasts ~10.1 s).
        string[] labels = content.Where(c => c.Type == "text").Select(c => c.Text).ToArray();
        Assert.Equal(4, labels.Length);
        for (int i = 0; i < 4; i++)
        {
            Assert.StartsWith("clip-10s.mp4, frame at 00:00:", labels[i], StringComparison.Ordinal);
            double seconds = double.Parse(labels[i]["clip-10s.mp4, frame at 00:00:".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(seconds, (2.5 * i) + 1, (2.5 * i) + 1.5);
        }

        Assert.Equal(8, content.Count);
        Assert.All(content.Where((_, i) => i % 2 == 1), c => Assert.Equal("image_url", c.Type));
    }

    // A Qwen2.5-VL model that the catalog marks videoInput "frames" (DashScope's compatible mode) gets the clip as one
    // video part of its frame images, in time order, and the estimate is what the server counts (temporal patch 2).
    [ToolFact("ffmpeg", "ffprobe", "convert")]
    public void A_clip_for_a_qwen_vl_model_goes_as_one_video_part_of_its_frames_in_order_and_the_estimate_is_the_usage()
    {
        string clip = TenSecondClip();
        int before = fixture.Server.Requests.Count;

        HostedRun run = Run($"$r = Invoke-VisionChat 'What happens?' -Image '{clip}' -MaxFrames 4 -BaseUrl $BaseUrl -ApiKey $Key -Model Qwen/Qwen2.5-VL-7B-Instruct; $r.Usage.PromptTokens; $r.Estimate.PromptTokens; $r.Text");

        ContractAssert.Clean(run);
        Assert.Equal(before + 1, fixture.Server.Requests.Count);
        Assert.Equal(run.Output[0].BaseObject, run.Output[1].BaseObject);
        Assert.Equal(4, Count((string)run.Output[2].BaseObject, " video frame "));
        using JsonDocument body = JsonDocument.Parse(fixture.Server.Requests[^1].Body);
        JsonElement[] parts = body.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(["text", "video", "text"], parts.Select(p => p.GetProperty("type").GetString()));
        Assert.StartsWith("clip-10s.mp4, video of 4 frames, frame at 00:00:0", parts[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        string[] frames = parts[1].GetProperty("video").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Equal(4, frames.Length);
        // ImageMagick reads each frame's mean colour: red, lime, blue, yellow, as the clip was made.
        string[] expected = ["red", "lime", "blue", "yellow"];
        for (int i = 0; i < 4; i++)
        {
            Assert.Matches("^data:image/(jpeg|png);base64,", frames[i]);
            string image = File($"qwen-frame-{i}");
            System.IO.File.WriteAllBytes(image, Convert.FromBase64String(frames[i][(frames[i].IndexOf(',', StringComparison.Ordinal) + 1)..]));
            Assert.Equal(expected[i], Colour(image));
        }
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void A_clip_for_an_openai_model_still_goes_as_labelled_image_url_frames()
    {
        string clip = TenSecondClip();

        HostedRun run = Run($"Invoke-VisionChat 'What happens?' -Image '{clip}' -MaxFrames 4 @Chat");

        ContractAssert.Clean(run);
        List<(string Type, string Text)> content = LastUserContent();
        Assert.Equal(4, content.Count(c => c.Type == "image_url"));
        Assert.DoesNotContain(content, c => c.Type == "video");
    }

    // The nearest of the clip's four colours to the image's mean, by ImageMagick.
    private static string Colour(string image)
    {
        string output = ExternalTool.Run("convert", image, "-resize", "1x1!", "-format", "%[fx:int(255*r)] %[fx:int(255*g)] %[fx:int(255*b)]", "info:");
        int[] rgb = output.Trim().Split(' ').Select(int.Parse).ToArray();
        (string Name, int R, int G, int B)[] colours = [("red", 255, 0, 0), ("lime", 0, 255, 0), ("blue", 0, 0, 255), ("yellow", 255, 255, 0)];
        return colours.MinBy(c => Math.Abs(c.R - rgb[0]) + Math.Abs(c.G - rgb[1]) + Math.Abs(c.B - rgb[2])).Name;
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void WhatIf_estimates_every_frame_and_sends_nothing()
    {
        string clip = TenSecondClip();
        int before = fixture.Server.Requests.Count;

        string one = WhatIfLine(clip, frames: 1);
        string six = WhatIfLine(clip, frames: 6);

        Assert.Equal(before, fixture.Server.Requests.Count);
        Assert.Equal(1, Count(one, "clip-10s.mp4 (frame at "));
        Assert.Equal(6, Count(six, "clip-10s.mp4 (frame at "));
        Assert.Contains("Estimate: ~", six, StringComparison.Ordinal);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private string WhatIfLine(string clip, int frames)
    {
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);
        HostedRun run = shell.Run($"Invoke-VisionChat 'What happens?' -Image '{clip}' -MaxFrames {frames} -BaseUrl $BaseUrl -Model gpt-4o -WhatIf", fixture.Variables);
        ContractAssert.Clean(run);
        return string.Join("\n", host.Lines);
    }

    [ToolFact("convert", "img2pdf")]
    public void Submit_VisionBatch_makes_one_request_of_every_page_of_a_pdf()
    {
        string pdf = ScannedPdf();
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);
        Dictionary<string, object?> variables = fixture.Variables;
        variables["Job"] = Path.Combine(fixture.Work, "pdf-job-" + Guid.NewGuid().ToString("N")[..8]);

        HostedRun run = shell.Run($"Submit-VisionBatch 'Read' -Image '{pdf}', a.jpg -BaseUrl $BaseUrl -Model gpt-4o -JobPath $Job -WhatIf", variables);

        ContractAssert.Clean(run);
        string whatIf = Assert.Single(host.Lines, l => l.StartsWith("What if: ", StringComparison.Ordinal));
        Assert.Contains("Submit 2 requests to gpt-4o at ", whatIf, StringComparison.Ordinal);
    }

    [ToolFact("convert", "img2pdf")]
    public void Compare_Image_compares_the_page_picked_on_both_sides_and_refuses_several()
    {
        string pdf = ScannedPdf();

        HostedRun same = Run($"Compare-Image '{pdf}' '{pdf}' -Page 2 -Local");
        HostedRun several = Run($"Compare-Image '{pdf}' '{pdf}' -Page 1-2 -Local");

        ContractAssert.Clean(same);
        Assert.Equal(true, Assert.Single(same.Output).Properties["Identical"].Value);
        Assert.Equal($"{pdf} (page 2 of 3)", same.Output[0].Properties["ReferenceImage"].Value);
        Assert.Empty(several.Output);
        ContractAssert.Error(Assert.Single(several.Errors), "InvalidInput", "CompareImageCommand", ErrorCategory.InvalidArgument, pdf);
    }

    [ToolFact("convert", "img2pdf", "ffmpeg")]
    public void The_key_appears_in_no_stream_when_documents_and_videos_are_sent_or_refused()
    {
        string pdf = ScannedPdf();
        string clip = TenSecondClip();

        HostedRun run = Run($"Invoke-VisionChat 'Read' -Image '{pdf}', '{clip}', 'missing.pdf' -MaxFrames 2 -Page 1,9 @Chat -Verbose -Debug; Invoke-VisionChat 'Read' -Image '{clip}' -MaxFrames 2 @Chat -Verbose");

        string everything = string.Join("\n", run.Output.Select(o => o.ToString()).Concat(run.Errors.Select(e => e.ToString() + e.ErrorDetails?.RecommendedAction))
            .Concat(run.Warnings.Select(w => w.Message)).Concat(run.Verbose.Select(v => v.Message)).Concat(run.Information.Select(i => i.MessageData?.ToString())));
        Assert.NotEmpty(run.Errors);
        Assert.DoesNotContain(ModuleFixture.Key, everything, StringComparison.Ordinal);
    }

    [ToolFact("convert", "ffmpeg")]
    public void An_apng_and_an_animated_webp_arrive_as_their_frames_in_order_with_AllFrames()
    {
        string apng = File("anim.apng.png"), webp = File("anim.webp");
        ExternalTool.Run("convert", "-size", "60x40", "xc:red", "PNG32:" + File("anim-0.png"));
        ExternalTool.Run("convert", "-size", "60x40", "xc:lime", "PNG32:" + File("anim-1.png"));
        ExternalTool.Run("convert", "-size", "60x40", "xc:blue", "PNG32:" + File("anim-2.png"));
        ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-framerate", "4", "-i", File("anim-%d.png"), "-pix_fmt", "rgba", "-plays", "0", "-f", "apng", apng);
        ExternalTool.Run("convert", "-delay", "25", File("anim-0.png"), File("anim-1.png"), File("anim-2.png"), "-loop", "0", "-define", "webp:lossless=true", webp);

        HostedRun run = Run($"ConvertTo-ImagePart '{apng}', '{webp}' -AllFrames; ConvertTo-ImagePart '{webp}'");

        string[] labels = ["frame 1 of 3 at 00:00:00.000", "frame 2 of 3 at 00:00:00.250", "frame 3 of 3 at 00:00:00.500"];
        Assert.Equal([.. labels, .. labels], run.Output.Select(o => o.Properties["Label"].Value));
        // Without -AllFrames an animated WebP is still refused, and the message now points to -AllFrames.
        ErrorRecord refused = Assert.Single(run.Errors);
        Assert.Contains("-AllFrames", refused.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _shell.Dispose();
}
