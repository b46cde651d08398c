using System.Management.Automation;
using System.Text.RegularExpressions;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Matrix;

/// <summary>
/// Every exported cmdlet that prepares images (it takes -MaxBytes; read from the module's metadata) runs the same
/// image cases. What is checked is what crossed the wire (the relay in front of the default profile's server) or,
/// for a cmdlet that sends nothing, the parts it writes; where a cmdlet has -RequestBodyOnly, the bodies on the wire
/// must equal what -RequestBodyOnly shows, byte for byte.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed partial class ImageMatrixTests(ModuleFixture fixture) : IAsyncLifetime
{
    private MatrixWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new MatrixWorld(fixture);
        string webp = Path.Combine(fixture.Work, "lossy.webp");
        if (!File.Exists(webp))
        {
            File.Copy(RepoPaths.TestImage("webp/lossy_vp8_550x368.webp"), webp);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public void SmallMaxBytes_BoundsEveryImageOnTheWire() => RunCase("small -MaxBytes", "'photo.jpg'", 8000, "", connectingOnly: false, (url, run) =>
        Base64Length(url) <= 8000 ? null : $"an image of {Base64Length(url):N0} base64 bytes went out under -MaxBytes 8000");

    [Fact]
    public void WebPUnderAWebPRefusingProfile_GoesOutAsJpegOrPngWithinTheBudget()
    {
        _world.Shell.Run($"Set-VisionProvider llama -Kind LlamaCpp -BaseUrl '{_world.Url(_world.Home)}' -KeyVariable {MatrixWorld.KeyVariable} -Model gpt-4o");
        RunCase("WebP under a WebP-refusing profile", "'lossy.webp'", 100_000, "-Provider llama", connectingOnly: true, (url, run) =>
            url.StartsWith("data:image/webp", StringComparison.Ordinal) ? "a WebP went to a profile that refuses WebP"
            : Base64Length(url) > 100_000 ? $"an image of {Base64Length(url):N0} base64 bytes went out under -MaxBytes 100000"
            : null);
    }

    [Fact]
    public void UrlUnderANoUrlProfile_IsFetchedAndPreparedLikeAFile()
    {
        _world.Shell.Run($"Set-VisionProvider nourl -BaseUrl '{_world.Url(_world.Home)}' -KeyVariable {MatrixWorld.KeyVariable} -Model gpt-4o -AllowPrivateImageUrls -Quirk @{{ AcceptsImageUrls = $false }}");
        string url = new Uri(fixture.Server.Root, "/_test/image.png").ToString();
        RunCase("URL under a no-URL profile", $"'{url}'", 100_000, "-Provider nourl", connectingOnly: true, (sent, run) =>
            Base64Length(sent) <= 100_000 ? null : $"an image of {Base64Length(sent):N0} base64 bytes went out under -MaxBytes 100000");
    }

    // Issue 18 point 3: a clip to a model that understands video, under a profile whose server takes video_url (vLLM),
    // leaves every connecting cmdlet that takes -Image as one video_url holding the file byte for byte, no frame images
    // beside it, and -RequestBodyOnly shows the same bodies.
    [ToolFact("ffmpeg", "ffprobe")]
    public void ClipUnderAVideoUrlProfile_GoesAsOneVideoUrlOfTheFile()
    {
        string clip = Path.Combine(fixture.Work, "matrix-clip.mp4");
        if (!File.Exists(clip))
        {
            ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=96x64:r=10:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip);
        }

        _world.Shell.Run($"Set-VisionProvider vllm -Kind Vllm -BaseUrl '{_world.Url(_world.Home)}' -KeyVariable {MatrixWorld.KeyVariable} -Model Qwen/Qwen2.5-VL-7B-Instruct");
        string expected = "data:video/mp4;base64," + Convert.ToBase64String(File.ReadAllBytes(clip));
        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        RunEveryCmdlet("clip under a video_url profile", surface.TakingImages.Where(c => surface.Connecting.Contains(c) && c.Parameters.ContainsKey("Image")), $"'{clip}'", "-Provider vllm", (cmdlet, run, wire) =>
        {
            string[] videos = wire.SelectMany(r => VideoUrls(r.BodyText)).ToArray();
            return !videos.SequenceEqual([expected]) ? $"{videos.Length} video_url data URL(s) went out, {videos.Count(v => v == expected)} of them the file"
                : wire.Any(r => DataUrls(r.BodyText).Any()) ? "frame images went out beside the video"
                : null;
        });
    }

    // Issue 18 point 1: a PDF page with text and no image reaches every cmdlet that takes images as its text: on the wire
    // a text part and no image part; from a cmdlet that only prepares, a part without image that holds the text.
    [ToolFact("gs", "pdftotext")]
    public void TextOnlyPdfPage_GoesAsItsTextThroughEveryCmdlet()
    {
        string pdf = Path.Combine(fixture.Work, "matrix-text.pdf");
        if (!File.Exists(pdf))
        {
            ExternalTool.Run("gs", "-q", "-sDEVICE=pdfwrite", "-o", pdf, "-c", "/Helvetica findfont 14 scalefont setfont 20 700 moveto (MATRIX CLAUSE NINE) show showpage");
        }

        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        RunEveryCmdlet("text-only PDF page", surface.TakingImages, $"'{pdf}'", "", (cmdlet, run, wire) =>
            surface.Connecting.Contains(cmdlet)
                ? !wire.Any(r => r.BodyText.Contains("MATRIX CLAUSE NINE", StringComparison.Ordinal)) ? "the page's text did not go out"
                : wire.Any(r => DataUrls(r.BodyText).Any()) ? "an image went out for a page without one"
                : null
                : run.Output.Any(o => o.Properties["HasImage"]?.Value is false && o.Properties["Text"]?.Value as string == "MATRIX CLAUSE NINE") ? null
                : "no part without image holding the page's text");
    }

    // Issue 18 point 1: -Page with a list on a multi-page TIFF takes exactly the listed pages, labelled, in every cmdlet that
    // takes images (it is an image parameter, declared once). A cmdlet that compares one image with one (-ReferenceImage)
    // refuses the two pages as InvalidInput, advising one -Page, and sends nothing.
    [ToolFact("convert")]
    public void TiffPageList_TakesExactlyTheListedPagesInEveryCmdlet()
    {
        string tiff = Path.Combine(fixture.Work, "matrix-pages.tif");
        if (!File.Exists(tiff))
        {
            ExternalTool.Run("convert", "-size", "40x30", "xc:red", "xc:lime", "xc:blue", tiff);
        }

        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        foreach (CmdletInfo pairwise in surface.TakingImages.Where(c => c.Parameters.ContainsKey("ReferenceImage")))
        {
            Dictionary<LoopbackRelay, int> mark = _world.Mark();
            HostedRun refused = _world.Shell.Run(ModuleSurface.Invocation(pairwise, "-Page 1,3", $"'{tiff}'"));
            Assert.Equal(["InvalidInput"], MatrixWorld.ErrorIds(refused).Distinct());
            Assert.All(refused.Errors, e => Assert.Contains("-Page", e.ErrorDetails?.RecommendedAction ?? "", StringComparison.Ordinal));
            Assert.Empty(MatrixWorld.Since(mark, _world.Home));
        }

        RunEveryCmdlet("TIFF -Page 1,3", surface.TakingImages.Where(c => !c.Parameters.ContainsKey("ReferenceImage")), $"'{tiff}'", "-Page 1,3", (cmdlet, run, wire) =>
        {
            string text = string.Join("\n", wire.Select(r => r.BodyText)) + string.Join("\n", run.Output.Select(o => o.Properties["Label"]?.Value));
            return !text.Contains("page 1 of 3", StringComparison.Ordinal) || !text.Contains("page 3 of 3", StringComparison.Ordinal) ? "pages 1 and 3 were not both taken"
                : text.Contains("page 2 of 3", StringComparison.Ordinal) ? "page 2, which was not listed, was taken"
                : null;
        });
    }

    // The "at most 2 images per request" advice counts the frames of one animation or video (and the pages of one
    // document) as one image, in every cmdlet that sends a request with -Image (Compare-Image takes one image a side).
    [Fact]
    public void FramesOfOneAnimation_AreOneImageToTheAdvice_InEveryCmdlet()
    {
        string gif = Path.Combine(fixture.Work, "matrix-frames.gif");
        if (!File.Exists(gif))
        {
            File.Copy(RepoPaths.TestImage("gif/animated_5frames_mixed_disposal_32x32.gif"), gif);
        }

        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        RunEveryCmdlet("5 frames of one GIF", surface.TakingImages.Where(c => surface.Connecting.Contains(c) && c.Parameters.ContainsKey("Image")), $"'{gif}'", "-AllFrames", (cmdlet, run, wire) =>
            wire.Sum(r => DataUrls(r.BodyText).Count()) != 5 ? $"{wire.Sum(r => DataUrls(r.BodyText).Count())} frame images went out, not 5"
            : run.Warnings.FirstOrDefault(w => w.Message.Contains("at most 2 per request", StringComparison.Ordinal)) is { } warning ? $"warned: {warning.Message}"
            : null);
    }

    /// <summary>
    /// Runs <paramref name="cmdlets"/> on <paramref name="image"/> with <paramref name="arguments"/>; fails on any error, on
    /// what <paramref name="check"/> finds in the run and the requests that reached the default profile's server, and where
    /// a cmdlet has -RequestBodyOnly, on bodies that differ from what it shows.
    /// </summary>
    private void RunEveryCmdlet(string caseName, IEnumerable<CmdletInfo> cmdlets, string image, string arguments, Func<CmdletInfo, HostedRun, IReadOnlyList<RelayedRequest>, string?> check) =>
        RunEveryCmdlet(caseName, cmdlets, image, _ => arguments, check);

    private void RunEveryCmdlet(string caseName, IEnumerable<CmdletInfo> cmdlets, string image, Func<CmdletInfo, string> arguments, Func<CmdletInfo, HostedRun, IReadOnlyList<RelayedRequest>, string?> check)
    {
        var failures = new List<string>();
        int ran = 0;
        foreach (CmdletInfo cmdlet in cmdlets)
        {
            ran++;
            string invocation = ModuleSurface.Invocation(cmdlet, arguments(cmdlet), image);
            if (ModuleSurface.NeedsJob(invocation))
            {
                _world.FreshJobFolder();
            }

            Dictionary<LoopbackRelay, int> mark = _world.Mark();
            HostedRun run = _world.Shell.Run(invocation);
            IReadOnlyList<RelayedRequest> wire = MatrixWorld.Since(mark, _world.Home);
            if (MatrixWorld.ErrorIds(run).ToArray() is { Length: > 0 } errors)
            {
                failures.Add($"{cmdlet.Name} × {caseName}: errors {string.Join(", ", errors)}  [{invocation}]");
                continue;
            }

            if (check(cmdlet, run, wire) is { } failure)
            {
                failures.Add($"{cmdlet.Name} × {caseName}: {failure}  [{invocation}]");
            }

            if (cmdlet.Parameters.ContainsKey("RequestBodyOnly"))
            {
                string[] bodies = _world.Shell.Run(invocation + " -RequestBodyOnly").Output.Select(o => o.BaseObject).OfType<string>().ToArray();
                string[] sent = wire.Where(r => r.Method == "POST" && r.Target.Contains("/chat/completions", StringComparison.Ordinal)).Select(r => r.BodyText).ToArray();
                if (!bodies.SequenceEqual(sent))
                {
                    failures.Add($"{cmdlet.Name} × {caseName}: the {sent.Length} body(ies) on the wire differ from the {bodies.Length} -RequestBodyOnly shows");
                }
            }
        }

        Assert.True(ran > 0, $"no cmdlet ran the case {caseName}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<string> VideoUrls(string text) =>
        VideoDataUrl().Matches(text.Replace("\\u002B", "+", StringComparison.Ordinal).Replace("\\/", "/", StringComparison.Ordinal)).Select(m => m.Value);

    [GeneratedRegex("data:video/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+")]
    private static partial Regex VideoDataUrl();

    /// <param name="check">Null when one image URL that went out keeps the case, else what is wrong with it.</param>
    private void RunCase(string caseName, string image, long maxBytes, string connection, bool connectingOnly, Func<string, HostedRun, string?> check)
    {
        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        RunEveryCmdlet(caseName, surface.TakingImages.Where(c => !connectingOnly || surface.Connecting.Contains(c)), image,
            cmdlet => $"{(cmdlet.Parameters.ContainsKey("Provider") ? connection : "")} -MaxBytes {maxBytes}", (cmdlet, run, wire) =>
            {
                if (wire.Any(r => r.BodyText.Contains("\"url\":\"http", StringComparison.Ordinal)) && connection.Length > 0 && image.Contains("://", StringComparison.Ordinal))
                {
                    return "an image URL went to the server as a URL";
                }

                string[] urls = wire.SelectMany(r => DataUrls(r.BodyText)).Concat(run.Output.SelectMany(OutputUrls)).ToArray();
                return urls.Length == 0 ? "no image found on the wire or in the output"
                    : urls.Select(u => check(u, run)).OfType<string>().Distinct().ToArray() is { Length: > 0 } wrong ? string.Join("; ", wrong)
                    : null;
            });
    }

    private static IEnumerable<string> DataUrls(string text) =>
        DataUrl().Matches(text.Replace("\\u002B", "+", StringComparison.Ordinal).Replace("\\/", "/", StringComparison.Ordinal)).Select(m => m.Value);

    // An output object that holds an image (ConvertTo-ImagePart's parts) says what it would send through ToUrl().
    private static IEnumerable<string> OutputUrls(PSObject output) =>
        output.BaseObject is string text ? DataUrls(text)
        : output.BaseObject.GetType().GetMethod("ToUrl", Type.EmptyTypes)?.Invoke(output.BaseObject, null) is string url ? [url]
        : [];

    private static long Base64Length(string dataUrl) => dataUrl.Length - dataUrl.IndexOf(',', StringComparison.Ordinal) - 1;

    [GeneratedRegex("data:image/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+")]
    private static partial Regex DataUrl();
}
