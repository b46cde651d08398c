using System.Text.Json;
using VisionPS.Core.Tests.EndToEnd;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>
/// vLLM's video_url part as the test server takes it: strictly (a video MIME type and decodable base64 that ffprobe reads
/// as a video, or an http(s) URL; Qwen-rule models only), and counted by qwen-vl-utils' sampling (2 fps, even count,
/// the video pixel budget).
/// </summary>
public sealed class VideoUrlPartTests : ServerTestBase, IDisposable
{
    private const string Qwen = "Qwen/Qwen2.5-VL-7B-Instruct";
    private static readonly Lazy<byte[]> ClipBytes = new(MakeClip);

    private static string Body(string model, string url, string extra = "", string inner = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":[{"type":"video_url","video_url":{"url":"{{url}}"{{inner}}}{{extra}}},{"type":"text","text":"hi"}]}]}""";

    private static string DataUrl(string mime = "video/mp4") => $"data:{mime};base64,{Convert.ToBase64String(ClipBytes.Value)}";

    // Three seconds at 10 fps, 64x48, by Debian's ffmpeg: 30 frames.
    private static byte[] MakeClip()
    {
        string dir = Directory.CreateTempSubdirectory("visionps-serverclip-").FullName;
        try
        {
            string clip = Path.Combine(dir, "c.mp4");
            ReferenceTools.Run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=64x48:r=10:d=3", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip], stdin: null);
            return File.ReadAllBytes(clip);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public void Dispose() => Http.Dispose();

    public static TheoryData<string, string?, string?> BadParts => new()
    {
        { Body("gpt-4o", "https://example.com/a.mp4"), "messages[0].content[0].type", null },
        { Body(Qwen, "data:image/png;base64,AAAA"), "messages[0].content[0].video_url.url", "invalid_video_format" },
        { Body(Qwen, "data:video/jpeg;base64,AAAA"), "messages[0].content[0].video_url.url", "invalid_video_format" },
        { Body(Qwen, "data:video/mp4;base64,not base64!"), "messages[0].content[0].video_url.url", "invalid_video_format" },
        { Body(Qwen, "data:video/mp4;base64,AAAAAAAA"), "messages[0].content[0].video_url.url", "invalid_video" },
        { Body(Qwen, "ftp://example.com/a.mp4"), "messages[0].content[0].video_url.url", "invalid_video_url" },
        { Body(Qwen, "https://example.com/a.mp4", ",\"fps\":2"), "messages[0].content[0].fps", null },
        { Body(Qwen, "https://example.com/a.mp4", inner: ",\"detail\":\"low\""), "messages[0].content[0].video_url.detail", null },
    };

    [Theory]
    [MemberData(nameof(BadParts))]
    public async Task A_bad_video_url_part_is_a_400_naming_where(string body, string? param, string? code)
    {
        using HttpResponseMessage response = await PostChatAsync(body);
        await AssertErrorAsync(response, 400, "invalid_request_error", param, code);
    }

    [Fact]
    public async Task An_inline_clip_is_counted_by_the_frames_qwen_samples_and_its_bytes_are_reported()
    {
        using HttpResponseMessage response = await PostChatAsync(Body(Qwen, DataUrl()));

        Assert.Equal(200, (int)response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // 30 frames at 10 fps sampled at 2 fps: 6 frames, 3 temporal pairs. 64x48 under the video budget
        // (min 100,352 px) grows by sqrt(100352/3072) = 5.72 to 392x280: a 14x10 grid of 140. "hi" is one text token.
        Assert.Equal(3 + 3 + 1 + (3 * 140) + 2, body.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        string answer = body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Contains($"video_url video/mp4 64x48 bytes={ClipBytes.Value.Length}", answer, StringComparison.Ordinal);
        Assert.Contains("frames=30", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_https_video_URL_is_taken_without_fetching()
    {
        using HttpResponseMessage response = await PostChatAsync(Body(Qwen, "https://example.com/a.webm"));

        Assert.Equal(200, (int)response.StatusCode);
    }
}

/// <summary>In llama.cpp mode the server takes no video: a video_url part is refused (with llama-server's 500).</summary>
public sealed class VideoUrlPartLlamaCppTests : ServerTestBase
{
    protected override TestServerOptions Options => new() { Mode = ServerMode.LlamaCpp };

    [Fact]
    public async Task A_video_url_part_is_refused()
    {
        using HttpResponseMessage response = await PostChatAsync(
            """{"model":"Qwen/Qwen2.5-VL-7B-Instruct","messages":[{"role":"user","content":[{"type":"video_url","video_url":{"url":"https://example.com/a.mp4"}}]}]}""");

        Assert.False(response.IsSuccessStatusCode);
        Assert.Contains("does not accept video", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
