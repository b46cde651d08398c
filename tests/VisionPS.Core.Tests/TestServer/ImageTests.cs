using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

public sealed class ImageTests : ServerTestBase
{
    private const string AcceptedTypes = "image/jpeg, image/png, image/gif, image/webp";
    private const string UrlParam = "messages[0].content[1].image_url.url";

    [Fact]
    public async Task Jpeg_IsReportedWithMimeSizeBytesAndSha256()
    {
        byte[] bytes = File.ReadAllBytes(SharedPaths.Image("jpeg/baseline_420_227x149.jpg"));
        JsonElement completion = await CompleteAsync(Chat.Body("gpt-4o", Chat.Describe("image/jpeg", bytes, "auto")));

        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string expectedLine = $"image 1: image/jpeg 227x149 detail=auto bytes=5770 sha256={hash}";
        string content = ContentOf(completion);
        Assert.Contains(expectedLine, content.Split('\n'));
        Assert.Equal(
            $"model: gpt-4o\nmessages: 1\n{expectedLine}\nprompt: describe\nОтвет готов ✓ 完成 👍",
            content);
        Assert.Equal(
            content,
            VisionTestServer.ExpectedText("gpt-4o", 1, "describe", ExpectedImage.FromBytes("image/jpeg", 227, 149, bytes, "auto")));
    }

    [Fact]
    public async Task Png_IsReportedWithMimeSizeBytesAndSha256()
    {
        byte[] bytes = File.ReadAllBytes(SharedPaths.Image("png/photo_rgb16_icc_149x227.png"));
        JsonElement completion = await CompleteAsync(Chat.Body("gpt-4o", Chat.Describe("image/png", bytes)));

        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Contains($"image 1: image/png 149x227 detail=(omitted) bytes={bytes.Length} sha256={hash}", ContentOf(completion).Split('\n'));
    }

    public static IEnumerable<object[]> ManifestImages()
    {
        foreach (string line in File.ReadLines(Path.Combine(SharedPaths.TestImages, "MANIFEST.tsv")).Skip(1))
        {
            string[] f = line.Split('\t');
            if (f[1] is "jpeg" or "png" or "gif" or "webp" && f[2] != "-")
            {
                bool animatedGif = f[1] == "gif" && f[5].Contains("animated GIF", StringComparison.OrdinalIgnoreCase);
                yield return [f[0], f[1], int.Parse(f[2]), int.Parse(f[3]), animatedGif];
            }
        }
    }

    /// <summary>Every accepted-format file of the shared set with a readable header: the server reports the manifest's size
    /// (it reads headers only, so truncated files with intact headers are accepted); animated GIFs are rejected.</summary>
    [Theory]
    [MemberData(nameof(ManifestImages))]
    public async Task ManifestImage_IsReportedWithManifestSize_OrRejectedWhenAnimatedGif(string path, string format, int width, int height, bool animatedGif)
    {
        byte[] bytes = File.ReadAllBytes(SharedPaths.Image(path));
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.Describe("image/" + format, bytes)));
        if (animatedGif)
        {
            await AssertErrorAsync(response, 400, param: UrlParam, code: "invalid_image");
            return;
        }

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        string content = ContentOf(JsonDocument.Parse(text).RootElement);
        Assert.StartsWith($"image 1: image/{format} {width}x{height} detail=(omitted) bytes={bytes.Length} ", content.Split('\n')[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnimatedGif_Returns400InvalidImage()
    {
        byte[] bytes = File.ReadAllBytes(SharedPaths.Image("gif/animated_30frames_80x80.gif"));
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.Describe("image/gif", bytes)));
        JsonElement error = await AssertErrorAsync(response, 400, param: UrlParam, code: "invalid_image");
        Assert.Contains("Animated", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("bmp/rgb24_127x64.bmp")]
    [InlineData("corrupt/png_bad_signature_xs1n0g01.png")]
    [InlineData("corrupt/empty_0_bytes.jpg")]
    public async Task NotAnAcceptedImage_Returns400ListingAcceptedTypes(string source)
    {
        byte[] bytes = source == "text" ? Encoding.UTF8.GetBytes("definitely not an image") : File.ReadAllBytes(SharedPaths.Image(source));
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.Describe("image/png", bytes)));
        JsonElement error = await AssertErrorAsync(response, 400, param: UrlParam, code: "invalid_image");
        Assert.Contains(AcceptedTypes, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JpegCutInsideHeader_Returns400InvalidImage()
    {
        byte[] bytes = File.ReadAllBytes(SharedPaths.Image("corrupt/jpeg_truncated_in_header.jpg"));
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.Describe("image/jpeg", bytes)));
        JsonElement error = await AssertErrorAsync(response, 400, param: UrlParam, code: "invalid_image");
        Assert.Equal("Invalid image.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("data:image/png;base64,!!!notbase64!!!")]
    [InlineData("data:image/png;base64,iVBORw0KGgo")] // length not a multiple of 4
    [InlineData("data:image/png;base64,iVBORw0 KGgo")] // whitespace, length a multiple of 4
    public async Task BadBase64_Returns400InvalidImageFormat(string url)
    {
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.User(Chat.Text("x"), Chat.Image(url))));
        await AssertErrorAsync(response, 400, param: UrlParam, code: "invalid_image_format");
    }

    [Theory]
    [InlineData("data:image/bmp;base64,Qk0=")]
    [InlineData("data:text/plain;base64,aGVsbG8=")]
    [InlineData("data:image/jpg;base64,/9j/")]
    public async Task DataUrlWithUnacceptedMime_Returns400InvalidImageFormat(string url)
    {
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.User(Chat.Text("x"), Chat.Image(url))));
        JsonElement error = await AssertErrorAsync(response, 400, param: UrlParam, code: "invalid_image_format");
        Assert.Contains(AcceptedTypes, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/cat.png")]
    [InlineData("file:///tmp/cat.png")]
    [InlineData("cat.png")]
    [InlineData("")]
    [InlineData("data:image/png,rawbytes")]
    public async Task NonHttpUrl_Returns400InvalidImageUrl(string url)
    {
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.User(Chat.Text("x"), Chat.Image(url))));
        JsonElement error = await AssertErrorAsync(response, 400, param: UrlParam, code: "invalid_image_url");
        Assert.StartsWith("Invalid image URL", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsUrl_IsAcceptedNotFetched_AndReportedAsUrl()
    {
        JsonElement completion = await CompleteAsync(Chat.Body("gpt-4o", Chat.User(Chat.Text("what is it"), Chat.Image("https://example.com/cat.jpg"), Chat.Image("http://example.com/dog.png", "low"))));
        string[] lines = ContentOf(completion).Split('\n');
        Assert.Equal("image 1: url https://example.com/cat.jpg detail=(omitted)", lines[2]);
        Assert.Equal("image 2: url http://example.com/dog.png detail=low", lines[3]);
    }

    [Fact]
    public async Task DeclaredMimeDiffersFromBytes_IsAccepted_AndSniffedMimeReported()
    {
        byte[] jpeg = File.ReadAllBytes(SharedPaths.Image("jpeg/grayscale_32x32.jpg"));
        JsonElement completion = await CompleteAsync(Chat.Body("gpt-4o", Chat.Describe("image/png", jpeg)));
        Assert.StartsWith("image 1: image/jpeg 32x32 ", ContentOf(completion).Split('\n')[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UppercaseDataUrlPrefix_IsAccepted()
    {
        byte[] png = TestPng.Header(10, 20);
        string url = "DATA:IMAGE/PNG;BASE64," + Convert.ToBase64String(png);
        JsonElement completion = await CompleteAsync(Chat.Body("gpt-4o", Chat.User(Chat.Text("x"), Chat.Image(url))));
        Assert.StartsWith("image 1: image/png 10x20 ", ContentOf(completion).Split('\n')[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailOriginal_IsAccepted()
    {
        JsonElement completion = await CompleteAsync(Chat.Body("gpt-4o", Chat.Describe("image/png", TestPng.Header(4, 4), "original")));
        Assert.Contains(" detail=original ", ContentOf(completion), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxImages_Exactly8_IsAccepted_9_Returns400()
    {
        string url = Chat.DataUrl("image/png", TestPng.Header(8, 8));
        JsonNode[] eight = [Chat.Text("x"), .. Enumerable.Range(0, 8).Select(_ => Chat.Image(url))];
        JsonElement ok = await CompleteAsync(Chat.Body("gpt-4o", Chat.User(eight)));
        Assert.Contains("image 8: image/png 8x8 ", ContentOf(ok), StringComparison.Ordinal);

        JsonNode[] nine = [Chat.Text("x"), .. Enumerable.Range(0, 9).Select(_ => Chat.Image(url))];
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.User(nine)));
        await AssertErrorAsync(response, 400, param: "messages[0].content[9]", code: "too_many_images");
    }

    [Fact]
    public async Task MaxImages_CountsOverAllMessages()
    {
        await using VisionTestServer server = await VisionTestServer.StartAsync(new TestServerOptions { MaxImagesPerRequest = 1 });
        string url = Chat.DataUrl("image/png", TestPng.Header(8, 8));
        JsonObject body = Chat.Body("gpt-4o", Chat.User(Chat.Image(url)), Chat.Message("assistant", "ok"), Chat.User(Chat.Image(url)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.BaseUrl}/chat/completions") { Content = new StringContent(body.ToJsonString(), null, "application/json") };
        request.Headers.Authorization = new("Bearer", server.ApiKey);
        using HttpResponseMessage response = await Http.SendAsync(request);
        await AssertErrorAsync(response, 400, param: "messages[2].content[0]", code: "too_many_images");
    }

    [Fact]
    public async Task TextOnlyModel_WithImage_Returns400()
    {
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("text-only-model", Chat.Describe("image/png", TestPng.Header(8, 8))));
        JsonElement error = await AssertErrorAsync(response, 400, param: "messages[0].content[1].type");
        Assert.StartsWith("Invalid content type. image_url is only supported by certain models.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextOnlyModel_WithText_IsAccepted()
    {
        JsonElement completion = await CompleteAsync(Chat.Body("text-only-model", Chat.Message("user", "hi")));
        Assert.StartsWith("model: text-only-model\n", ContentOf(completion), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QwenModel_ExtremeAspectRatio_Returns400()
    {
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("Qwen/Qwen2.5-VL-7B-Instruct", Chat.Describe("image/png", TestPng.Header(201, 1))));
        await AssertErrorAsync(response, 400, param: UrlParam, code: "invalid_image");
    }

    [Fact]
    public async Task Images_AreNumberedOverTheLastUserMessageOnly()
    {
        byte[] first = TestPng.Header(1, 2);
        byte[] second = TestPng.Header(3, 4);
        JsonObject body = Chat.Body(
            "gpt-4.1",
            Chat.User(Chat.Text("old"), Chat.Image(Chat.DataUrl("image/png", first))),
            Chat.Message("assistant", "seen"),
            Chat.User(Chat.Text("line one"), Chat.Image(Chat.DataUrl("image/png", second), "high"), Chat.Text("line two"), Chat.Image("https://example.com/x.webp")));
        JsonElement completion = await CompleteAsync(body);

        string expected = VisionTestServer.ExpectedText(
            "gpt-4.1",
            3,
            "line one\nline two",
            ExpectedImage.FromBytes("image/png", 3, 4, second, "high"),
            ExpectedImage.FromUrl("https://example.com/x.webp"));
        Assert.Equal(expected, ContentOf(completion));
    }
}
