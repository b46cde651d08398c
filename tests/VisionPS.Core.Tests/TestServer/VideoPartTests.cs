using System.Text.Json;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>DashScope's video part as the test server takes it: strictly, and counted by Qwen's temporal-patch rule.</summary>
public sealed class VideoPartTests : ServerTestBase
{
    private const string Qwen = "Qwen/Qwen2.5-VL-7B-Instruct";
    private static readonly string Frame = "\"data:image/png;base64," + Convert.ToBase64String(TestImages.Png) + "\"";

    private static string Body(string model, string video, string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":[{"type":"video","video":{{video}}{{extra}}},{"type":"text","text":"hi"}]}]}""";

    private static string Frames(int count) => "[" + string.Join(",", Enumerable.Repeat(Frame, count)) + "]";

    public static TheoryData<string, string?, string?> BadVideos => new()
    {
        { Body("gpt-4o", Frames(4)), "messages[0].content[0].type", null },
        { Body(Qwen, Frames(3)), "messages[0].content[0].video", "invalid_value" },
        { Body(Qwen, "\"https://example.com/a.mp4\""), "messages[0].content[0].video", "invalid_type" },
        { Body(Qwen, "[1,2,3,4]"), "messages[0].content[0].video[0]", "invalid_type" },
        { Body(Qwen, "[\"https://example.com/a.png\"," + Frame + "," + Frame + "," + Frame + "]"), "messages[0].content[0].video[0]", "invalid_value" },
        { Body(Qwen, Frames(4), ",\"fps\":2"), "messages[0].content[0].fps", null },
    };

    [Theory]
    [MemberData(nameof(BadVideos))]
    public async Task A_bad_video_part_is_a_400_naming_where(string body, string? param, string? code)
    {
        using HttpResponseMessage response = await PostChatAsync(body);
        await AssertErrorAsync(response, 400, "invalid_request_error", param, code);
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(5, 3)] // an odd last frame is padded into a pair
    public async Task A_video_costs_one_frame_grid_per_pair_of_frames_plus_the_wrapper(int frames, int pairs)
    {
        // A frame of a video is sized within the video budget (qwen-vl-utils VIDEO_MIN_PIXELS 128·28·28 = 100,352):
        // 16x16 grows by sqrt(100352/256) = 19.8 to 336x336, a grid of 12x12 = 144 tokens. "hi" is one text token.
        using HttpResponseMessage response = await PostChatAsync(Body(Qwen, Frames(frames)));

        Assert.Equal(200, (int)response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3 + 3 + 1 + (pairs * 144) + 2, body.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Contains($"video frame {frames} of {frames}", body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
    }
}
