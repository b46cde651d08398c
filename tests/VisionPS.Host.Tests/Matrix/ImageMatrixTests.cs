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
            var start = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
            foreach (string arg in new[] { "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=96x64:r=10:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
        }

        _world.Shell.Run($"Set-VisionProvider vllm -Kind Vllm -BaseUrl '{_world.Url(_world.Home)}' -KeyVariable {MatrixWorld.KeyVariable} -Model Qwen/Qwen2.5-VL-7B-Instruct");
        string expected = "data:video/mp4;base64," + Convert.ToBase64String(File.ReadAllBytes(clip));
        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        CmdletInfo[] cmdlets = surface.TakingImages.Where(c => surface.Connecting.Contains(c) && c.Parameters.ContainsKey("Image")).ToArray();
        var failures = new List<string>();
        foreach (CmdletInfo cmdlet in cmdlets)
        {
            string invocation = ModuleSurface.Invocation(cmdlet, "-Provider vllm", $"'{clip}'");
            if (ModuleSurface.NeedsJob(invocation))
            {
                _world.FreshJobFolder();
            }

            Dictionary<LoopbackRelay, int> mark = _world.Mark();
            HostedRun run = _world.Shell.Run(invocation);
            IReadOnlyList<RelayedRequest> wire = MatrixWorld.Since(mark, _world.Home);
            if (MatrixWorld.ErrorIds(run).ToArray() is { Length: > 0 } errors)
            {
                failures.Add($"{cmdlet.Name}: errors {string.Join(", ", errors)}  [{invocation}]");
                continue;
            }

            string[] videos = wire.SelectMany(r => VideoUrls(r.BodyText)).ToArray();
            if (!videos.SequenceEqual([expected]))
            {
                failures.Add($"{cmdlet.Name}: {videos.Length} video_url data URL(s) went out, {videos.Count(v => v == expected)} of them the file  [{invocation}]");
            }

            if (wire.Any(r => DataUrls(r.BodyText).Any()))
            {
                failures.Add($"{cmdlet.Name}: frame images went out beside the video  [{invocation}]");
            }

            if (cmdlet.Parameters.ContainsKey("RequestBodyOnly"))
            {
                string[] bodies = _world.Shell.Run(invocation + " -RequestBodyOnly").Output.Select(o => o.BaseObject).OfType<string>().ToArray();
                string[] sent = wire.Where(r => r.Method == "POST" && r.Target.Contains("/chat/completions", StringComparison.Ordinal)).Select(r => r.BodyText).ToArray();
                if (!bodies.SequenceEqual(sent))
                {
                    failures.Add($"{cmdlet.Name}: the {sent.Length} body(ies) on the wire differ from the {bodies.Length} -RequestBodyOnly shows");
                }
            }
        }

        Assert.NotEmpty(cmdlets);
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
        var failures = new List<string>();
        CmdletInfo[] cmdlets = surface.TakingImages.Where(c => !connectingOnly || surface.Connecting.Contains(c)).ToArray();
        foreach (CmdletInfo cmdlet in cmdlets)
        {
            bool connects = cmdlet.Parameters.ContainsKey("Provider");
            string invocation = ModuleSurface.Invocation(cmdlet, $"{(connects ? connection : "")} -MaxBytes {maxBytes}", image);
            if (ModuleSurface.NeedsJob(invocation))
            {
                _world.FreshJobFolder();
            }

            Dictionary<LoopbackRelay, int> mark = _world.Mark();
            HostedRun run = _world.Shell.Run(invocation);
            IReadOnlyList<RelayedRequest> wire = MatrixWorld.Since(mark, _world.Home);
            string[] urls = wire.SelectMany(r => DataUrls(r.BodyText)).Concat(run.Output.SelectMany(OutputUrls)).ToArray();
            if (wire.Any(r => r.BodyText.Contains("\"url\":\"http", StringComparison.Ordinal)) && connection.Length > 0 && image.Contains("://", StringComparison.Ordinal))
            {
                failures.Add($"{cmdlet.Name} × {caseName}: an image URL went to the server as a URL");
            }

            if (MatrixWorld.ErrorIds(run).ToArray() is { Length: > 0 } errors)
            {
                failures.Add($"{cmdlet.Name} × {caseName}: errors {string.Join(", ", errors)}  [{invocation}]");
                continue;
            }

            if (urls.Length == 0)
            {
                failures.Add($"{cmdlet.Name} × {caseName}: no image found on the wire or in the output  [{invocation}]");
                continue;
            }

            failures.AddRange(urls.Select(u => check(u, run)).OfType<string>().Distinct().Select(f => $"{cmdlet.Name} × {caseName}: {f}"));
            if (cmdlet.Parameters.ContainsKey("RequestBodyOnly"))
            {
                HostedRun shown = _world.Shell.Run(invocation + " -RequestBodyOnly");
                string[] bodies = shown.Output.Select(o => o.BaseObject).OfType<string>().ToArray();
                string[] sent = wire.Where(r => r.Method == "POST" && r.Target.Contains("/chat/completions", StringComparison.Ordinal)).Select(r => r.BodyText).ToArray();
                if (!bodies.SequenceEqual(sent))
                {
                    failures.Add($"{cmdlet.Name} × {caseName}: the {sent.Length} body(ies) on the wire differ from the {bodies.Length} -RequestBodyOnly shows");
                }
            }
        }

        Assert.NotEmpty(cmdlets);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
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
