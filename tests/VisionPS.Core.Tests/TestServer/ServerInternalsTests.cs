using System.Text.Json;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>Direct checks of internal pieces (InternalsVisibleTo): header sniffer, framing helpers, command line.</summary>
public sealed class ServerInternalsTests
{
    [Fact]
    public void Sniffer_HeaderOnlyPng_IsEnough()
    {
        SniffResult r = ImageHeaderSniffer.Sniff(TestPng.Header(1920, 1080));
        Assert.Equal(new SniffResult(SniffStatus.Ok, "image/png", 1920, 1080, false), r);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "Unreadable")] // signature only
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, "Unreadable")] // SOI, EOI: no frame header
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x00, 0x00 }, "Unreadable")] // GIF89a cut off
    [InlineData(new byte[] { 0x42, 0x4D, 0, 0, 0, 0 }, "UnsupportedFormat")] // BMP
    [InlineData(new byte[0], "UnsupportedFormat")]
    public void Sniffer_BadInput_IsClassified(byte[] bytes, string expected)
        => Assert.Equal(Enum.Parse<SniffStatus>(expected), ImageHeaderSniffer.Sniff(bytes).Status);

    [Fact]
    public void Sniffer_ZeroWidthPng_IsUnreadable()
        => Assert.Equal(SniffStatus.Unreadable, ImageHeaderSniffer.Sniff(TestPng.Header(0, 5)).Status);

    [Theory]
    [InlineData("gif/animated_30frames_80x80.gif", true)]
    [InlineData("gif/animated_5frames_mixed_disposal_32x32.gif", true)]
    [InlineData("gif/static_128x128.gif", false)]
    [InlineData("gif/interlaced_32x32.gif", false)]
    [InlineData("gif/static_transparent_256x256.gif", false)]
    [InlineData("corrupt/gif_static_truncated_50pct.gif", false)]
    public void Sniffer_GifAnimation_IsMoreThanOneImageDescriptor(string path, bool animated)
        => Assert.Equal(animated, ImageHeaderSniffer.Sniff(File.ReadAllBytes(SharedPaths.Image(path))).IsAnimated);

    [Fact]
    public void Sniffer_AnimatedWebP_IsFlaggedButOnlyGifIsRejectedByTheServer()
    {
        SniffResult r = ImageHeaderSniffer.Sniff(File.ReadAllBytes(SharedPaths.Image("webp/extended_animated_200x200.webp")));
        Assert.Equal(new SniffResult(SniffStatus.Ok, "image/webp", 200, 200, true), r);
    }

    [Fact]
    public void SplitBetweenTokens_RejoinsToTheSameJson()
    {
        const string json = """{"a":[1,{"b":"x,y{[\"z"}],"c":{},"d":"Ответ, 👍"}""";
        List<string> lines = SseWriter.SplitBetweenTokens(json);
        Assert.True(lines.Count > 3);
        string joined = string.Join("\n", lines);
        Assert.Equal(
            JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement),
            JsonSerializer.Serialize(JsonDocument.Parse(joined).RootElement));
        Assert.Contains(lines, l => l.Contains("\"x,y{[\\\"z\"", StringComparison.Ordinal)); // never split inside a string
    }

    [Fact]
    public void StrictBase64_RejectsWhitespaceAndBadPadding()
    {
        Assert.True(ImageUrlParser.IsStrictBase64("QUJD"));
        Assert.True(ImageUrlParser.IsStrictBase64("QUI="));
        Assert.True(ImageUrlParser.IsStrictBase64(""));
        Assert.False(ImageUrlParser.IsStrictBase64("QU I="));
        Assert.False(ImageUrlParser.IsStrictBase64("QUI"));
        Assert.False(ImageUrlParser.IsStrictBase64("Q=I="));
        Assert.False(ImageUrlParser.IsStrictBase64("QU-_"));
    }

    [Fact]
    public void ExpectedImage_Line_HasDocumentedFormat()
    {
        string line = ExpectedImage.FromBytes("image/jpeg", 227, 149, new byte[5770], "auto").ToLine(1);
        Assert.Matches("^image 1: image/jpeg 227x149 detail=auto bytes=5770 sha256=[0-9a-f]{64}$", line);
        Assert.Equal("image 2: url https://example.com/cat.jpg detail=(omitted)", ExpectedImage.FromUrl("https://example.com/cat.jpg").ToLine(2));
    }

    [Fact]
    public void CommandLine_Defaults_PrintTheDefaultKey()
    {
        CommandLine c = CommandLine.Parse([]);
        Assert.Equal("http://127.0.0.1:5199", c.Urls);
        Assert.Equal("test-key", c.Options.ApiKey);
        Assert.Contains("(key: test-key)", CommandLine.Banner(new Uri("http://127.0.0.1:5199/v1"), c.Options.ApiKey, c.KeyGivenOnCommandLine), StringComparison.Ordinal);
    }

    [Fact]
    public void CommandLine_GivenKey_IsNeverPrinted()
    {
        CommandLine c = CommandLine.Parse(["--urls", "http://127.0.0.1:6000", "--api-key", "sk-very-secret"]);
        Assert.Equal("sk-very-secret", c.Options.ApiKey);
        string banner = CommandLine.Banner(new Uri("http://127.0.0.1:6000/v1"), c.Options.ApiKey, c.KeyGivenOnCommandLine);
        Assert.DoesNotContain("sk-very-secret", banner, StringComparison.Ordinal);
        Assert.Contains("key: as given", banner, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:6000/v1", banner, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--any-key")]
    [InlineData("--api-key", "")]
    public void CommandLine_AnyKey(params string[] args)
    {
        CommandLine c = CommandLine.Parse(args);
        Assert.Null(c.Options.ApiKey);
        Assert.Contains("any non-empty bearer key", CommandLine.Banner(new Uri("http://127.0.0.1:1/v1"), null, c.KeyGivenOnCommandLine), StringComparison.Ordinal);
    }

    [Fact]
    public void CommandLine_UnknownArgument_Throws()
        => Assert.Throws<FormatException>(() => CommandLine.Parse(["--port", "1"]));
}
