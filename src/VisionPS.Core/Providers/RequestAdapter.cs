using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images;
using VisionPS.Core.Protocol;
using VisionPS.Imaging.WebP;

namespace VisionPS.Core.Providers;

/// <summary>
/// Fits a request to what the server accepts (<see cref="ProviderQuirks"/>), just before it is sent: image URLs
/// downloaded and inlined, refused formats converted to PNG, detail dropped where it means nothing, the token field
/// and stream_options set, the image count checked. The caller's request is never changed; an adapted copy is sent.
/// </summary>
public sealed class RequestAdapter : IDisposable
{
    private readonly ProviderQuirks _quirks;
    private readonly RemoteImageFetcher _fetcher;

    public RequestAdapter(ProviderQuirks quirks, RemoteImageFetcher fetcher)
    {
        _quirks = quirks.Effective();
        _fetcher = fetcher;
    }

    public async Task<ChatRequest> AdaptAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        int images = request.Messages.Sum(m => m.Content.Parts?.Count(p => p.ImageUrl is not null) ?? 0);
        if (_quirks.MaxImagesPerRequest is { } most && images > most)
        {
            throw new VisionArgumentException(
                ErrorIds.TooManyImages,
                $"This request carries {images} images; the provider takes at most {most} per request.",
                "Send fewer images at once (pipe them without -SingleRequest), or raise the profile's limit if the provider allows more.");
        }

        var messages = new List<ChatMessage>(request.Messages.Count);
        foreach (ChatMessage message in request.Messages)
        {
            if (message.Content.Parts is not { } parts || !parts.Any(p => p.ImageUrl is not null))
            {
                messages.Add(message);
                continue;
            }

            var adapted = new List<ContentPart>(parts.Count);
            foreach (ContentPart part in parts)
            {
                adapted.Add(part.ImageUrl is { } image ? await AdaptImageAsync(image, cancellationToken).ConfigureAwait(false) : part);
            }

            messages.Add(new ChatMessage(message.Role, MessageContent.FromParts(adapted)));
        }

        int? limit = request.MaxTokens ?? request.MaxCompletionTokens;
        return new ChatRequest
        {
            Model = request.Model,
            Messages = messages,
            MaxTokens = _quirks.TokenLimitField switch
            {
                Chat.TokenLimitField.MaxTokens => limit,
                Chat.TokenLimitField.MaxCompletionTokens => null,
                _ => request.MaxTokens,
            },
            MaxCompletionTokens = _quirks.TokenLimitField switch
            {
                Chat.TokenLimitField.MaxTokens => null,
                Chat.TokenLimitField.MaxCompletionTokens => limit,
                _ => request.MaxCompletionTokens,
            },
            Temperature = request.Temperature,
            Stream = request.Stream,
            StreamOptions = _quirks.StreamUsage == false ? null : request.StreamOptions,
            ResponseFormat = request.ResponseFormat,
        };
    }

    private async Task<ContentPart> AdaptImageAsync(ImageUrl image, CancellationToken cancellationToken)
    {
        string url = image.Url;
        string? detail = _quirks.DetailMatters == false ? null : image.Detail;
        bool remote = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (remote && _quirks.AcceptsImageUrls == false)
        {
            (byte[] bytes, string mime) = await _fetcher.FetchAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            return ContentPart.FromImage(ToDataUrl(bytes, mime, url), detail);
        }

        if (!remote && MimeOf(url) is { } type && _quirks.Refuses(type))
        {
            return ContentPart.FromImage(ToDataUrl(DataUrl.Decode(url), type, "image"), detail);
        }

        return ContentPart.FromImage(url, detail);
    }

    // A refused type (WebP for llama.cpp) becomes PNG; anything else goes as it is.
    private string ToDataUrl(byte[] bytes, string mime, string source)
    {
        if (_quirks.Refuses(mime))
        {
            if (mime != "image/webp")
            {
                throw new ImageNotSendableException(Imaging.ImageFormat.Unknown, ImageReference.Shorten(source), $"The provider refuses {mime} images ({ImageReference.Shorten(source)}) and VisionPS can convert only WebP; convert it to JPEG or PNG.");
            }

            bytes = WebPToPngConverter.Convert(bytes, source);
            mime = "image/png";
        }

        return $"data:{mime};base64,{Convert.ToBase64String(bytes)}";
    }

    private static string? MimeOf(string dataUrl)
    {
        if (!dataUrl.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        int end = dataUrl.IndexOfAny([';', ','], 5);
        return end < 0 ? null : dataUrl[5..end];
    }

    public void Dispose() => _fetcher.Dispose();
}
