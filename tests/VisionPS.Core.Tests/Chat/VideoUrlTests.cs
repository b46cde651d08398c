using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Providers;
using VisionPS.Core.Tests.EndToEnd;

namespace VisionPS.Core.Tests.Chat;

/// <summary>
/// Issue 18 point 3, vLLM: a model the catalog says understands video (Qwen2.5-VL) behind a server whose VideoParts quirk
/// is VideoUrl gets the whole clip as one <c>video_url</c> part (the file's bytes, not frames), estimated by qwen-vl-utils'
/// video rule, which the strict test server counts too; local servers and OpenAI models still get image_url frames.
/// </summary>
public sealed class VideoUrlTests : IClassFixture<ServerFixture>, IDisposable
{
    private const string Qwen = "Qwen/Qwen2.5-VL-7B-Instruct";
    private readonly ServerFixture _f;
    private readonly string _dir = Directory.CreateTempSubdirectory("visionps-videourl-").FullName;

    public VideoUrlTests(ServerFixture fixture) => _f = fixture;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Four seconds at 10 fps by Debian's ffmpeg (red, lime, blue, yellow), 160x120: 40 frames.
    private string Clip(string name = "colours.mp4", string codec = "libx264")
    {
        string clip = Path.Combine(_dir, name);
        var args = new List<string> { "-nostdin", "-v", "error", "-y" };
        foreach (string colour in new[] { "red", "lime", "blue", "yellow" })
        {
            args.AddRange(["-f", "lavfi", "-i", $"color=c={colour}:s=160x120:r=10:d=1"]);
        }

        args.AddRange(["-filter_complex", "[0:v][1:v][2:v][3:v]concat=n=4:v=1[v]", "-map", "[v]", "-c:v", codec]);
        if (codec == "libx264")
        {
            args.AddRange(["-pix_fmt", "yuv420p"]);
        }

        args.Add(clip);
        ReferenceTools.Run("ffmpeg", args, stdin: null);
        return clip;
    }

    private static IReadOnlyList<ImagePart> Frames(string clip, string model = Qwen) =>
        ImagePartFactory.ReadFile(clip, null, new ImagePreparationOptions { Model = model, Sources = new VisionPS.Imaging.Sources.SourceOptions { MaxFrames = 4 } });

    private ChatSettings Settings(ProviderKind kind, string model = Qwen) =>
        new() { BaseUrl = _f.Server.BaseUrl, Model = model, Quirks = ProviderPresets.For(kind).Quirks };

    private static JsonElement[] UserParts(ChatCall call) =>
        JsonDocument.Parse(call.ToJson()).RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").EnumerateArray().ToArray();

    [Fact]
    public async Task A_clip_for_qwen_on_vLLM_is_one_video_url_part_holding_the_file_and_the_estimate_is_the_usage()
    {
        string clip = Clip();
        IReadOnlyList<ImagePart> frames = Frames(clip);

        ChatCall call = ChatCallBuilder.Build(Settings(ProviderKind.Vllm), "What happens?", frames);
        JsonElement[] parts = UserParts(call);

        Assert.Equal(["text", "video_url", "text"], parts.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal("colours.mp4, video, 00:00:04.000 long:", parts[0].GetProperty("text").GetString());
        string url = parts[1].GetProperty("video_url").GetProperty("url").GetString()!;
        Assert.StartsWith("data:video/mp4;base64,", url, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(clip), Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        Assert.Single(parts[1].EnumerateObject().Where(p => p.Name == "video_url").Single().Value.EnumerateObject());

        // qwen-vl-utils: 40 frames at 10 fps sampled at 2 fps = 8 frames; 160x120 under the video budget
        // (min 128·28·28) is 392x280, a 14x10 grid; 8/2 grids + the wrapper pair.
        ImageEstimate video = Assert.Single(call.Estimate.Images);
        Assert.Equal((4 * 140) + 2, video.Tokens);
        Assert.Equal("qwen-video", video.Rule);

        ChatResult answered = await _f.RunAsync(call);
        Assert.Equal(call.Estimate.PromptTokens, answered.Usage!.PromptTokens);
        Assert.Contains("video_url video/mp4 160x120", answered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_WebM_clip_goes_with_its_own_MIME_type()
    {
        string clip = Clip("colours.webm", "libvpx-vp9");

        JsonElement[] parts = UserParts(ChatCallBuilder.Build(Settings(ProviderKind.Vllm), "What happens?", Frames(clip)));

        Assert.StartsWith("data:video/webm;base64,", parts[1].GetProperty("video_url").GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProviderKind.Ollama)]
    [InlineData(ProviderKind.LlamaCpp)]
    [InlineData(ProviderKind.LMStudio)]
    public void Local_servers_get_labelled_image_url_frames(ProviderKind kind)
    {
        JsonElement[] parts = UserParts(ChatCallBuilder.Build(Settings(kind), "What happens?", Frames(Clip())));

        Assert.Equal(4, parts.Count(p => p.GetProperty("type").GetString() == "image_url"));
        Assert.DoesNotContain(parts, p => p.GetProperty("type").GetString() is "video" or "video_url");
    }

    [Fact]
    public void An_OpenAI_model_behind_a_vLLM_profile_gets_image_url_frames()
    {
        JsonElement[] parts = UserParts(ChatCallBuilder.Build(Settings(ProviderKind.Vllm, "gpt-4o"), "What happens?", Frames(Clip(), "gpt-4o")));

        Assert.Equal(4, parts.Count(p => p.GetProperty("type").GetString() == "image_url"));
    }

    [Fact]
    public void An_https_video_URL_goes_as_it_is_and_its_tokens_are_unknown()
    {
        ImagePart link = ImagePartFactory.FromUrl("https://example.com/media/clip.MP4?x=1");

        ChatCall call = ChatCallBuilder.Build(Settings(ProviderKind.Vllm), "What happens?", [link]);
        JsonElement[] parts = UserParts(call);

        Assert.Equal(["text", "video_url", "text"], parts.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal("https://example.com/media/clip.MP4?x=1", parts[1].GetProperty("video_url").GetProperty("url").GetString());
        Assert.Null(call.Estimate.PromptTokens);
    }

    [Fact]
    public void A_clip_over_the_inline_cap_is_refused_naming_it_and_the_ways_out_before_it_is_read()
    {
        string clip = Clip();
        VideoClip video = Frames(clip)[0].Video!;

        var ex = Assert.Throws<VisionArgumentException>(() => video.ToUrl(maxBytes: 1000));

        Assert.Equal(ErrorIds.VideoTooLarge, ex.ErrorId);
        Assert.Contains(clip, ex.Message, StringComparison.Ordinal);
        Assert.Contains("VideoParts", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("https URL", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Videos_count_apart_from_images_against_the_server_limits()
    {
        string clip = Clip();
        IReadOnlyList<ImagePart> frames = Frames(clip);
        ChatSettings vllm = Settings(ProviderKind.Vllm) with { Quirks = ProviderPresets.For(ProviderKind.Vllm).Quirks with { MaxImagesPerRequest = 1, MaxVideosPerRequest = 1 } };

        // Four frames stand for one video: within one image and one video.
        ChatCallBuilder.Build(vllm, "What happens?", frames);

        IReadOnlyList<ImagePart> second = Frames(Clip("again.mp4"));
        var ex = Assert.Throws<VisionArgumentException>(() => ChatCallBuilder.Build(vllm, "Compare.", [.. frames, .. second]));
        Assert.Equal(ErrorIds.TooManyVideos, ex.ErrorId);
    }

    [Fact]
    public void A_DashScope_frame_list_is_estimated_under_the_video_pixel_budget()
    {
        IReadOnlyList<ImagePart> frames = Frames(Clip());

        ChatCall call = ChatCallBuilder.Build(Settings(ProviderKind.DashScope), "What happens?", frames);

        Assert.Equal(["text", "video", "text"], UserParts(call).Select(p => p.GetProperty("type").GetString()));
        var sizing = new VisionPS.Core.Tokens.QwenSmartResizeEstimator(28, 128 * 28 * 28, 768 * 28 * 28);
        int grid = sizing.Estimate(frames[0].Width!.Value, frames[0].Height!.Value, null).Patches!.Value;
        Assert.Equal((2 * grid) + 2, call.Estimate.Images.Sum(i => i.Tokens));
    }
}
