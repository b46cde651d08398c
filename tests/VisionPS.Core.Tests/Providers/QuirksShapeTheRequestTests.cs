using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Protocol;
using VisionPS.Core.Providers;
using VisionPS.Core.Tests.Images.Preparation;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.Imaging;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Providers;

/// <summary>
/// Issue 17 point 3: a provider's quirks are inputs to preparation and building, so the part that comes out of
/// preparation and the request the builder makes are what is sent, and the estimate is made of them.
/// </summary>
public sealed class QuirksShapeTheRequestTests : IAsyncLifetime
{
    private const string LossyPhoto = "webp/lossy_vp8_550x368.webp";
    private const string Rotated = "exif/landscape_orientation_6.jpg";
    private static readonly ProviderQuirks Llama = ProviderPresets.For(ProviderKind.LlamaCpp).Quirks.Effective();
    private VisionTestServer _server = null!;
    private RemoteImageFetcher _fetcher = null!;

    public async Task InitializeAsync()
    {
        _server = await VisionTestServer.StartAsync(new TestServerOptions
        {
            ApiKey = null,
            ServedFiles = new Dictionary<string, byte[]> { ["rotated.jpg"] = File.ReadAllBytes(SharedPaths.Image(Rotated)), ["photo.webp"] = File.ReadAllBytes(SharedPaths.Image(LossyPhoto)) },
        });
        _fetcher = new RemoteImageFetcher(NetworkOptions.Default, allowPrivate: true); // the images are served by the loopback server
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    private ImagePreparationOptions ForLlama(long maxBytes = ImagePreparationOptions.DefaultMaxEncodedBytes) =>
        new() { MaxEncodedBytes = maxBytes, Model = "gpt-4o", Server = ServerImageRules.From(Llama, _fetcher) };

    private ChatSettings Settings(ProviderQuirks quirks, TokenLimitField field = TokenLimitField.Auto) =>
        new() { BaseUrl = _server.BaseUrl, Model = "gpt-4o", MaxTokens = 40, Stream = true, Quirks = quirks, TokenLimitField = field };

    private Uri Served(string name) => new(_server.Root, "_test/files/" + name);

    private static IEnumerable<JsonElement> ImageUrls(ChatCall call)
    {
        using JsonDocument body = JsonDocument.Parse(call.ToJson());
        return body.RootElement.GetProperty("messages").EnumerateArray()
            .SelectMany(m => m.GetProperty("content").ValueKind == JsonValueKind.Array ? m.GetProperty("content").EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(p => p.GetProperty("type").GetString() == "image_url")
            .Select(p => p.GetProperty("image_url").Clone())
            .ToArray();
    }

    [Theory]
    [InlineData(100_000)] // the case: 416,796 bytes of PNG base64 went out before
    [InlineData(30_000)] // below the quality-85 JPEG (66,096): quality, then size, give way
    public void A_lossy_WebP_photo_for_a_WebP_refusing_server_is_the_JPEG_ConvertWebP_makes_within_MaxBytes(long maxBytes)
    {
        string webp = SharedPaths.Image(LossyPhoto);

        ImagePart forLlama = ImagePartFactory.FromFile(webp, "high", ForLlama(maxBytes));
        ImagePart converted = ImagePartFactory.FromFile(webp, "high", new ImagePreparationOptions { MaxEncodedBytes = maxBytes, Model = "gpt-4o", ConvertWebP = true });

        Assert.Equal("image/jpeg", forLlama.MimeType);
        Assert.True(forLlama.EncodedLength <= maxBytes, $"{forLlama.EncodedLength} base64 bytes");
        Assert.Equal(converted.Data.ToArray(), forLlama.Data.ToArray()); // the same choice as -ConvertWebP
        Assert.Null(forLlama.Detail); // llama.cpp ignores detail: not sent
        if (forLlama.Width == 550)
        {
            Assert.True(RealPipelineTests.Psnr(ReferenceTools.MagickRgba(webp), ReferenceTools.MagickRgba(forLlama.Data.ToArray())) >= 30);
        }
    }

    [Fact]
    public void A_lossless_WebP_for_a_WebP_refusing_server_is_a_PNG_with_exactly_the_pixels_ImageMagick_reads()
    {
        string webp = SharedPaths.Image("webp/lossless_vp8l_386x395.webp");

        ImagePart part = ImagePartFactory.FromFile(webp, preparation: ForLlama());

        Assert.Equal("image/png", part.MimeType);
        RawImage reference = ReferenceTools.MagickRgba(webp);
        RawImage ours = ReferenceTools.MagickRgba(part.Data.ToArray());
        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        Assert.Equal(reference.Data, ours.Data);
    }

    [Fact]
    public void A_WebP_with_NoResize_for_a_WebP_refusing_server_is_refused_naming_what_to_do()
    {
        var ex = Assert.Throws<ImageNotSendableException>(() => ImagePartFactory.FromFile(SharedPaths.Image(LossyPhoto), preparation: ForLlama() with { Resize = false }));

        Assert.Contains("refuses WebP", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-NoResize", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorIds.ImageFormatNotSupported, ErrorClassifier.Classify(ex, "x").ErrorId);
    }

    [Fact]
    public void A_URL_the_server_cannot_fetch_is_downloaded_and_prepared_like_the_file_upright_and_stripped()
    {
        string file = SharedPaths.Image(Rotated);

        ImagePart fromUrl = ImagePartFactory.FromReference(Served("rotated.jpg").ToString(), "high", ForLlama());
        ImagePart fromFile = ImagePartFactory.FromFile(file, "high", ForLlama());

        Assert.Equal(ImageSourceKind.Url, fromUrl.Kind);
        Assert.Equal(Served("rotated.jpg").ToString(), fromUrl.Source);
        Assert.Equal(fromFile.Data.ToArray(), fromUrl.Data.ToArray());
        Assert.Equal((fromFile.Width, fromFile.Height), (fromUrl.Width, fromUrl.Height));
        Assert.True(fromUrl.Changes.HasFlag(ImageChanges.Rotated), fromUrl.Changes.ToString());
        Assert.StartsWith("data:image/jpeg;base64,", fromUrl.ToUrl(), StringComparison.Ordinal);
        Assert.NotNull(fromUrl.ByteLength);

        // Upright: ImageMagick's own auto-oriented decode of the original is the picture that was sent; and no EXIF left.
        RawImage upright = ReferenceTools.MagickRgba(file, "-auto-orient");
        RawImage sent = ReferenceTools.MagickRgba(fromUrl.Data.ToArray());
        Assert.Equal((upright.Width, upright.Height), (sent.Width, sent.Height));
        Assert.True(RealPipelineTests.Psnr(upright, sent) >= 30, $"PSNR {RealPipelineTests.Psnr(upright, sent):0.0} dB");
        Assert.Equal(-1, fromUrl.Data.Span.IndexOf("Exif\0\0"u8));
    }

    [Fact]
    public void A_URL_for_a_server_that_fetches_URLs_stays_a_URL()
    {
        ImagePart part = ImagePartFactory.FromReference(Served("rotated.jpg").ToString(), "high", new ImagePreparationOptions());

        Assert.Equal(Served("rotated.jpg").ToString(), part.ToUrl());
        Assert.Equal("high", part.Detail);
        Assert.Null(part.ByteLength);
    }

    [Fact]
    public void A_part_made_earlier_is_adapted_when_it_is_given_for_a_server_with_quirks()
    {
        ImagePart webp = ImagePartFactory.FromFile(SharedPaths.Image(LossyPhoto), "high");
        ImagePart url = ImagePartFactory.FromUrl(Served("photo.webp").ToString(), "low");
        Assert.Equal("image/webp", webp.MimeType);

        ImagePart[] parts = new object[] { webp, url }
            .SelectMany(p => ImageInputReader.Read(p, p, new NoPaths(), null, ForLlama()))
            .Select(i => i.Succeeded ? i.Parts.Single() : throw i.Error!)
            .ToArray();

        Assert.All(parts, p => Assert.Equal("image/jpeg", p.MimeType));
        Assert.All(parts, p => Assert.Null(p.Detail));
        Assert.Equal(parts[0].Data.ToArray(), parts[1].Data.ToArray()); // the same photo, by file or by URL
    }

    [Fact]
    public void The_builder_reads_the_token_field_stream_options_and_detail_from_the_quirks_before_the_estimate()
    {
        ImagePart image = ImagePartFactory.FromFile(SharedPaths.Image(Rotated), "high");

        ChatCall strict = ChatCallBuilder.Build(Settings(ProviderQuirks.Strict), "Describe", [image], null, null);
        ChatCall llama = ChatCallBuilder.Build(Settings(Llama with { StreamUsage = false }), "Describe", [image], null, null);

        Assert.Equal("high", Assert.Single(ImageUrls(strict)).GetProperty("detail").GetString());
        Assert.False(Assert.Single(ImageUrls(llama)).TryGetProperty("detail", out _));
        Assert.Equal("high", strict.Estimate.Images[0].Detail);
        Assert.Null(llama.Estimate.Images[0].Detail); // estimated as sent
        Assert.Equal(40, llama.Request.MaxTokens);
        Assert.Null(llama.Request.MaxCompletionTokens);
        Assert.Null(llama.Request.StreamOptions);
        Assert.NotNull(strict.Request.StreamOptions);
        Assert.DoesNotContain("\"detail\"", llama.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_TokenLimitField_wins_over_the_quirk()
    {
        ChatCall call = ChatCallBuilder.Build(Settings(Llama, TokenLimitField.MaxCompletionTokens), "Describe", [], null, null);

        Assert.Equal(40, call.Request.MaxCompletionTokens);
        Assert.Null(call.Request.MaxTokens);
    }

    [Fact]
    public void Detail_of_earlier_turns_is_dropped_too_for_a_server_that_ignores_it()
    {
        ImagePart image = ImagePartFactory.FromFile(SharedPaths.Image(Rotated), "high");
        ChatMessage earlier = new(ChatRole.User, MessageContent.FromParts([ContentPart.FromImage(image.ToUrl(), "high"), ContentPart.FromText("What is it?")]));

        ChatCall call = ChatCallBuilder.Build(Settings(Llama), "And now?", [], [earlier, ChatMessage.Assistant("A photo.")]);

        Assert.False(Assert.Single(ImageUrls(call)).TryGetProperty("detail", out _));
    }

    [Fact]
    public void More_images_than_the_provider_takes_are_refused_before_sending()
    {
        ImagePart url = ImagePartFactory.FromUrl("https://example.com/a.jpg", null);

        var ex = Assert.Throws<VisionArgumentException>(() => ChatCallBuilder.Build(Settings(new ProviderQuirks { MaxImagesPerRequest = 2 }), "Describe", [url, url, url], null, null));

        Assert.Equal(ErrorIds.TooManyImages, ex.ErrorId);
    }

    private sealed class NoPaths : IPathResolver
    {
        public IReadOnlyList<string> Resolve(string path) => throw new InvalidOperationException("no paths here");

        public string ResolveLiteral(string path) => throw new InvalidOperationException("no paths here");
    }
}
