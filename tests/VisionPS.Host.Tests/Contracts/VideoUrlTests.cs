using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>
/// Issue 18 point 3, vLLM through the cmdlets: a clip made by Debian's ffmpeg, sent to Qwen2.5-VL under a vLLM profile,
/// arrives as one video_url part whose bytes are the file's, and the estimate is what the test server counts; the same
/// clip to gpt-4o, or under llama.cpp/Ollama profiles, goes as labelled image_url frames. -WhatIf, -RequestBodyOnly and
/// Submit-VisionBatch show the same part. Each script runs with its own empty config folder.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class VideoUrlTests : IDisposable
{
    private const string Profiles =
        "Set-VisionProvider v -Kind Vllm -BaseUrl $BaseUrl -Model Qwen/Qwen2.5-VL-7B-Instruct\n"
        + "Set-VisionProvider llama -Kind LlamaCpp -BaseUrl $BaseUrl -Model Qwen/Qwen2.5-VL-7B-Instruct\n"
        + "Set-VisionProvider ollama -Kind Ollama -BaseUrl $BaseUrl -Model Qwen/Qwen2.5-VL-7B-Instruct";

    private readonly ModuleFixture _fixture;
    private readonly ModuleShell _shell;
    private readonly string _config = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-host-videourl-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly string _clip;

    public VideoUrlTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _shell = fixture.Shell();
        _clip = Path.Combine(_config, "colours.mp4");
    }

    public void Dispose() => Directory.Delete(_config, recursive: true);

    // Four seconds at 10 fps by Debian's ffmpeg, 160x120: red, lime, blue, yellow (made when a test runs, so a skipped
    // test needs no ffmpeg).
    private void MakeClip()
    {
        var args = new List<string> { "-nostdin", "-v", "error", "-y" };
        foreach (string colour in new[] { "red", "lime", "blue", "yellow" })
        {
            args.AddRange(["-f", "lavfi", "-i", $"color=c={colour}:s=160x120:r=10:d=1"]);
        }

        args.AddRange(["-filter_complex", "[0:v][1:v][2:v][3:v]concat=n=4:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p", _clip]);
        ExternalTool.Run("ffmpeg", [.. args]);
    }

    private HostedRun Run(string script, ModuleShell? shell = null)
    {
        if (!File.Exists(_clip))
        {
            MakeClip();
        }

        var variables = new Dictionary<string, object?>(_fixture.Variables) { ["Config"] = _config, ["Clip"] = _clip };
        return (shell ?? _shell).Run($"$env:VISIONPS_CONFIG_DIR = $Config\ntry {{\n{Profiles}\n{script}\n}} finally {{ Remove-Item Env:VISIONPS_CONFIG_DIR -ErrorAction Ignore }}", variables);
    }

    private static JsonElement[] UserParts(string body)
    {
        using JsonDocument json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").EnumerateArray().Select(p => p.Clone()).ToArray();
    }

    private static string[] Types(string body) => UserParts(body).Select(p => p.GetProperty("type").GetString()!).ToArray();

    private string FileDataUrl => "data:video/mp4;base64," + Convert.ToBase64String(File.ReadAllBytes(_clip));

    [ToolFact("ffmpeg", "ffprobe")]
    public void A_clip_to_qwen_on_a_vLLM_profile_is_one_video_url_part_of_the_file_and_the_estimate_is_the_usage()
    {
        int before = _fixture.Server.Requests.Count;

        HostedRun run = Run("$r = Invoke-VisionChat 'What happens?' -Image $Clip -Provider v -ApiKey $Key; $r.Usage.PromptTokens; $r.Estimate.PromptTokens; $r.Text");

        ContractAssert.Clean(run);
        Assert.Equal(before + 1, _fixture.Server.Requests.Count);
        string body = _fixture.Server.Requests[^1].Body;
        Assert.Equal(["text", "video_url", "text"], Types(body));
        Assert.Equal("colours.mp4, video, 00:00:04.000 long:", UserParts(body)[0].GetProperty("text").GetString());
        Assert.Equal(FileDataUrl, UserParts(body)[1].GetProperty("video_url").GetProperty("url").GetString());
        Assert.Equal(run.Output[0].BaseObject, run.Output[1].BaseObject);
        Assert.Contains("video_url video/mp4 160x120", (string)run.Output[2].BaseObject, StringComparison.Ordinal);
        Assert.DoesNotContain(ModuleFixture.Key, body, StringComparison.Ordinal);
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void RequestBodyOnly_shows_the_body_the_server_gets_and_WhatIf_estimates_the_clip_and_sends_nothing()
    {
        HostedRun shown = Run("Invoke-VisionChat 'What happens?' -Image $Clip -Provider v -ApiKey $Key -RequestBodyOnly");
        HostedRun sent = Run("Invoke-VisionChat 'What happens?' -Image $Clip -Provider v -ApiKey $Key -InformationAction Ignore");
        int requests = _fixture.Server.Requests.Count;
        var host = new RecordingHost();
        HostedRun whatIf;
        using (ModuleShell shell = _fixture.Shell(host))
        {
            whatIf = Run("Invoke-VisionChat 'What happens?' -Image $Clip -Provider v -ApiKey $Key -WhatIf", shell);
        }

        ContractAssert.Clean(shown);
        ContractAssert.Clean(sent);
        ContractAssert.Clean(whatIf);
        Assert.Equal((string)shown.Output.Single().BaseObject, _fixture.Server.Requests[requests - 1].Body);
        Assert.Equal(requests, _fixture.Server.Requests.Count);
        // 40 frames at 10 fps sampled at 2 fps: 8 frames, 4 temporal pairs of a 14x10 grid, plus the wrapper pair.
        Assert.Contains("colours.mp4: 160x120, detail (default), ~562 tokens (qwen-video)", string.Join("\n", host.Lines), StringComparison.Ordinal);
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void Submit_VisionBatch_writes_the_same_video_url_part_into_its_JSONL()
    {
        string job = Path.Combine(_config, "job");
        int uploads = _fixture.Server.Uploads.Count;

        HostedRun run = Run($"Submit-VisionBatch 'What happens?' -Image $Clip -Provider v -ApiKey $Key -JobPath '{job}'");

        ContractAssert.Clean(run);
        Assert.Equal(uploads + 1, _fixture.Server.Uploads.Count);
        string digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FileDataUrl)));
        Assert.Equal([digest], _fixture.Server.Uploads[^1].ImageDigests);
    }

    [ToolTheory("ffmpeg", "ffprobe")]
    [InlineData("-Provider llama")]
    [InlineData("-Provider ollama")]
    [InlineData("-Provider v -Model gpt-4o")]
    [InlineData("-Provider v -Quirk @{ VideoParts = $false }")]
    public void Elsewhere_the_clip_goes_as_labelled_image_url_frames(string connection)
    {
        string script = connection.Contains("-Quirk", StringComparison.Ordinal)
            ? $"Set-VisionProvider v {connection[(connection.IndexOf("-Quirk", StringComparison.Ordinal))..]}\nInvoke-VisionChat 'What happens?' -Image $Clip -Provider v -ApiKey $Key -MaxFrames 4"
            : $"Invoke-VisionChat 'What happens?' -Image $Clip {connection} -ApiKey $Key -MaxFrames 4";

        HostedRun run = Run(script);

        ContractAssert.Clean(run);
        string[] types = Types(_fixture.Server.Requests[^1].Body);
        Assert.Equal(4, types.Count(t => t == "image_url"));
        Assert.DoesNotContain(types, t => t is "video" or "video_url");
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void An_unknown_VideoParts_value_is_a_clear_error_naming_the_values()
    {
        HostedRun run = Run("Set-VisionProvider v -Quirk @{ VideoParts = 'Sometimes' }");

        ErrorRecordAssert(run, "VideoUrl");
    }

    private static void ErrorRecordAssert(HostedRun run, string named)
    {
        System.Management.Automation.ErrorRecord error = run.Errors.Concat(run.Terminating is { } t ? [t] : []).Single();
        Assert.StartsWith("InvalidProviderProfile", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(named, error.Exception.Message + error.ErrorDetails?.Message, StringComparison.Ordinal);
    }
}
