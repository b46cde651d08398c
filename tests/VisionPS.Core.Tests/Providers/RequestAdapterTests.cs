using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Protocol;
using VisionPS.Core.Providers;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Providers;

/// <summary>Quirks applied as data: each one changes exactly its own part of the request.</summary>
public class RequestAdapterTests
{
    private static ChatRequest Request(int maxTokens = 40, bool stream = true, params ImagePart[] images) =>
        ChatCallBuilder.Build(new ChatSettings { BaseUrl = new Uri("https://api.openai.com/v1"), Model = "gpt-4o", MaxTokens = maxTokens, Stream = stream }, "Describe", images).Request;

    private static Task<ChatRequest> AdaptAsync(ProviderQuirks quirks, ChatRequest request)
    {
        using var adapter = new RequestAdapter(quirks, new RemoteImageFetcher(NetworkOptions.Default, allowPrivate: false));
        return adapter.AdaptAsync(request, CancellationToken.None);
    }

    [Fact]
    public async Task StrictQuirks_ChangeNothing()
    {
        ChatRequest original = Request(images: ImagePartFactory.FromUrl("https://example.com/a.jpg", "high"));

        ChatRequest adapted = await AdaptAsync(ProviderQuirks.Strict, original);

        Assert.Equal(ChatRequestJson.ToUtf8(original), ChatRequestJson.ToUtf8(adapted));
    }

    [Fact]
    public async Task TokenField_StreamOptions_Detail()
    {
        ChatRequest original = Request(images: ImagePartFactory.FromUrl("https://example.com/a.jpg", "high"));
        Assert.Equal(40, original.MaxCompletionTokens); // OpenAI's host picks max_completion_tokens

        ChatRequest adapted = await AdaptAsync(new ProviderQuirks { TokenLimitField = TokenLimitField.MaxTokens, StreamUsage = false, DetailMatters = false }, original);

        Assert.Equal(40, adapted.MaxTokens);
        Assert.Null(adapted.MaxCompletionTokens);
        Assert.Null(adapted.StreamOptions);
        Assert.Null(adapted.Messages[0].Content.Parts!.First(p => p.ImageUrl is not null).ImageUrl!.Detail);
        Assert.NotNull(original.StreamOptions); // the caller's request is untouched
    }

    [Fact]
    public async Task RefusedWebP_BecomesPng_WithTheSamePixelsAsImageMagickReads()
    {
        string path = SharedPaths.Image("webp/lossless_vp8l_386x395.webp");
        ChatRequest adapted = await AdaptAsync(new ProviderQuirks { RefusedImageTypes = ["image/webp"] }, Request(images: ImagePartFactory.FromFile(path, preparation: null)));

        string url = adapted.Messages[0].Content.Parts!.First(p => p.ImageUrl is not null).ImageUrl!.Url;
        Assert.StartsWith("data:image/png;base64,", url);
        byte[] png = Convert.FromBase64String(url[(url.IndexOf(',') + 1)..]);

        // ImageMagick decodes the original WebP itself; the PNG we made must hold exactly its pixels (lossless WebP).
        RawImage reference = ReferenceTools.MagickRgba(path);
        RawImage ours = ReferenceTools.MagickRgba(png);
        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        Assert.Equal(reference.Data, ours.Data);
    }

    [Fact]
    public async Task TooManyImages_IsRefusedBeforeSending()
    {
        ImagePart url = ImagePartFactory.FromUrl("https://example.com/a.jpg", null);

        var ex = await Assert.ThrowsAsync<VisionArgumentException>(() => AdaptAsync(new ProviderQuirks { MaxImagesPerRequest = 2 }, Request(images: [url, url, url])));

        Assert.Equal(ErrorIds.TooManyImages, ex.ErrorId);
    }
}
