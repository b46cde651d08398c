using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Tests.EndToEnd;

namespace VisionPS.Core.Tests.Chat;

/// <summary>
/// Issue 18 point 3: where the catalog says the model understands video (video: true, the Qwen2.5-VL entries) and the
/// server takes a list of frame images (VideoParts FrameList: DashScope, and an undescribed server), a clip's frames go as one <c>video</c> part, in order; the estimate is what the
/// strict test server counts. Any other model still gets labelled <c>image_url</c> frames.
/// </summary>
public sealed class NativeVideoTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly string[] Colours = ["red", "lime", "blue", "yellow"];
    private readonly ServerFixture _f;
    private readonly string _dir = Directory.CreateTempSubdirectory("visionps-video-").FullName;

    public NativeVideoTests(ServerFixture fixture) => _f = fixture;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Four seconds made by Debian's ffmpeg: red, lime, blue, yellow for one second each.
    private string Clip()
    {
        string clip = Path.Combine(_dir, "colours.mp4");
        var args = new List<string> { "-nostdin", "-v", "error", "-y" };
        foreach (string colour in Colours)
        {
            args.AddRange(["-f", "lavfi", "-i", $"color=c={colour}:s=160x120:r=10:d=1"]);
        }

        args.AddRange(["-filter_complex", "[0:v][1:v][2:v][3:v]concat=n=4:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip]);
        ReferenceTools.Run("ffmpeg", args, stdin: null);
        return clip;
    }

    private IReadOnlyList<ImagePart> Frames(string model) =>
        ImagePartFactory.ReadFile(Clip(), null, new ImagePreparationOptions { Model = model, Sources = new VisionPS.Imaging.Sources.SourceOptions { MaxFrames = 4 } });

    private ChatSettings Settings(string model) => new() { BaseUrl = _f.Server.BaseUrl, Model = model };

    private static JsonElement[] UserParts(ChatCall call) =>
        JsonDocument.Parse(call.ToJson()).RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").EnumerateArray().ToArray();

    // The nearest of the clip's colours to the frame's mean, as ImageMagick decodes it.
    private static string Colour(string dataUrl)
    {
        RawImage image = ReferenceTools.MagickRgba(Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        double[] mean = new double[3];
        for (int i = 0; i < image.Data.Length; i += image.Channels)
        {
            for (int c = 0; c < 3; c++)
            {
                mean[c] += image.Data[i + c];
            }
        }

        int pixels = image.Width * image.Height;
        (string Name, int R, int G, int B)[] known = [("red", 255, 0, 0), ("lime", 0, 255, 0), ("blue", 0, 0, 255), ("yellow", 255, 255, 0)];
        return known.MinBy(k => Math.Abs(k.R - (mean[0] / pixels)) + Math.Abs(k.G - (mean[1] / pixels)) + Math.Abs(k.B - (mean[2] / pixels))).Name;
    }

    [Fact]
    public async Task A_four_frame_clip_for_a_DashScope_qwen_vl_model_is_one_video_part_of_its_frames_in_order_and_the_estimate_is_the_usage()
    {
        const string model = "Qwen/Qwen2.5-VL-7B-Instruct"; // served by the test server; the catalog's dashscope qwen2.5-vl-7b-instruct
        IReadOnlyList<ImagePart> frames = Frames(model);

        ChatCall call = ChatCallBuilder.Build(Settings(model), "What happens?", frames);
        JsonElement[] parts = UserParts(call);

        Assert.Equal(["text", "video", "text"], parts.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal($"colours.mp4, video of 4 frames, {frames[0].Label} to {frames[3].Label}:", parts[0].GetProperty("text").GetString());
        string[] sent = parts[1].GetProperty("video").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Equal(frames.Select(f => f.ToUrl()), sent);
        Assert.Equal(Colours, sent.Select(Colour));
        // Qwen's temporal patch 2: two frame grids for four frames, plus one wrapper pair; each frame sized within the
        // video pixel budget (qwen-vl-utils VIDEO_MIN_PIXELS 128·28·28 .. VIDEO_MAX_PIXELS 768·28·28), not the image limits.
        int grid = new VisionPS.Core.Tokens.QwenSmartResizeEstimator(28, 128 * 28 * 28, 768 * 28 * 28).Estimate(frames[0].Width!.Value, frames[0].Height!.Value, null).Patches!.Value;
        Assert.Equal((2 * grid) + 2, call.Estimate.Images.Sum(i => i.Tokens));

        ChatResult answered = await _f.RunAsync(call);

        Assert.Equal(call.Estimate.PromptTokens, answered.Usage!.PromptTokens);
        Assert.Equal(4, answered.Text.Split('\n').Count(l => l.Contains(" video frame ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_same_qwen_model_behind_a_server_whose_VideoParts_quirk_is_None_gets_image_url_frames()
    {
        const string model = "Qwen/Qwen2.5-VL-7B-Instruct";
        ChatSettings vllm = Settings(model) with { Quirks = VisionPS.Core.Providers.ProviderPresets.For(VisionPS.Core.Providers.ProviderKind.Vllm).Quirks with { VideoParts = VisionPS.Core.Providers.VideoShape.None } };

        JsonElement[] parts = UserParts(ChatCallBuilder.Build(vllm, "What happens?", Frames(model)));

        Assert.Equal(4, parts.Count(p => p.GetProperty("type").GetString() == "image_url"));
        Assert.DoesNotContain(parts, p => p.GetProperty("type").GetString() == "video");
    }

    [Fact]
    public async Task The_same_clip_for_an_OpenAI_model_goes_as_labelled_image_url_frames()
    {
        IReadOnlyList<ImagePart> frames = Frames("gpt-4o");

        ChatCall call = ChatCallBuilder.Build(Settings("gpt-4o"), "What happens?", frames);
        JsonElement[] parts = UserParts(call);

        Assert.Equal(["text", "image_url", "text", "image_url", "text", "image_url", "text", "image_url", "text"], parts.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(Colours, parts.Where(p => p.GetProperty("type").GetString() == "image_url").Select(p => Colour(p.GetProperty("image_url").GetProperty("url").GetString()!)));
        ChatResult answered = await _f.RunAsync(call);
        Assert.Equal(call.Estimate.PromptTokens, answered.Usage!.PromptTokens);
    }
}
