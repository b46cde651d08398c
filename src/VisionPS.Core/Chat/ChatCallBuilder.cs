using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Chat;

/// <summary>Builds the request for a prompt, its images and the conversation so far.</summary>
public static class ChatCallBuilder
{
    public static ChatCall Build(ChatSettings settings, string? prompt, IReadOnlyList<ImagePart> images, IReadOnlyList<ChatMessage>? history = null) =>
        Build(settings, prompt, images, history is null ? null : Conversation.FromWire(history), labels: null);

    /// <summary>
    /// Continues <paramref name="history"/> (its images as they were sent, sized without decoding). With
    /// <paramref name="labels"/>, a text part names each image right before it ("Image 1 (reference): a.jpg") and the
    /// prompt comes last.
    /// </summary>
    public static ChatCall Build(ChatSettings settings, string? prompt, IReadOnlyList<ImagePart> images, Conversation? history, IReadOnlyList<string>? labels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(images);
        Providers.ProviderQuirks quirks = settings.Quirks.Effective();
        bool detail = quirks.DetailMatters != false;
        prompt ??= string.Empty;
        if (string.IsNullOrWhiteSpace(prompt) && images.Count == 0)
        {
            throw new VisionArgumentException(ErrorIds.PromptMissing, "There is nothing to send: the prompt is empty and no image was given.", "Give a prompt, an image, or both.");
        }

        var messages = new List<ChatMessage>();
        var conversation = new List<ConversationMessage>();
        bool historyHasSystem = history?.Messages.Any(m => m.Role == ChatRole.System) == true;
        if (!string.IsNullOrWhiteSpace(settings.SystemPrompt) && !historyHasSystem)
        {
            messages.Add(ChatMessage.System(settings.SystemPrompt));
            conversation.Add(Conversation.Describe(messages[^1], []));
        }

        if (history is not null)
        {
            messages.AddRange(detail ? history.ToWire() : history.ToWire().Select(WithoutDetail));
            conversation.AddRange(history.Messages);
        }

        IReadOnlyList<SentImage> earlierImages = conversation.SelectMany(m => m.Parts).Where(p => p.Image is not null).Select(p => p.Image!).ToArray();

        string sent = settings.Output?.Instruction is { } instruction
            ? (string.IsNullOrWhiteSpace(prompt) ? instruction : prompt + "\n\n" + instruction)
            : prompt;
        // How a video goes is a fact of the model (catalog video: it understands video) and of the server (the VideoParts
        // quirk: DashScope a list of frame images, vLLM video_url, local servers none), read here, so -RequestBodyOnly,
        // -WhatIf, the Batch API and the estimate see the same body as the wire.
        Models.ModelInfo? model = (settings.Catalog ?? Models.ModelCatalog.BuiltIn).Find(settings.RequestModel);
        Providers.VideoShape video = model?.Video == true ? quirks.VideoParts ?? Providers.VideoShape.None : Providers.VideoShape.None;
        messages.Add(new ChatMessage(ChatRole.User, labels is null ? UserContent(sent, images, settings.TextFirst, detail, video) : LabelledContent(sent, images, labels, detail)));
        // Pages of text only go as text parts: the image parts on the wire are the parts that have an image.
        IReadOnlyList<ImagePart> pictures = images.All(i => i.HasImage) ? images : images.Where(i => i.HasImage).ToArray();
        conversation.Add(Conversation.Describe(messages[^1], pictures));
        CheckMediaCount(messages, quirks.MaxImagesPerRequest, quirks.MaxVideosPerRequest);

        // -TokenLimitField when given, else the provider's quirk, else what the endpoint is known to want.
        TokenLimitField field = settings.TokenLimitField != TokenLimitField.Auto ? settings.TokenLimitField : quirks.TokenLimitField ?? TokenLimitField.Auto;
        bool completionField = field switch
        {
            TokenLimitField.MaxCompletionTokens => true,
            TokenLimitField.MaxTokens => false,
            _ => Endpoints.PrefersMaxCompletionTokens(settings.BaseUrl),
        };

        var request = new ChatRequest
        {
            Model = settings.RequestModel,
            Messages = messages,
            MaxTokens = completionField ? null : settings.MaxTokens,
            MaxCompletionTokens = completionField ? settings.MaxTokens : null,
            Temperature = settings.Temperature,
            Stream = settings.Stream ? true : null,
            StreamOptions = settings.Stream && settings.IncludeUsage && quirks.StreamUsage != false ? new StreamOptions { IncludeUsage = true } : null,
            ResponseFormat = settings.Output?.ResponseFormat,
        };

        return new ChatCall
        {
            Request = request,
            Prompt = prompt,
            Images = images,
            Output = settings.Output,
            History = history,
            ConversationMessages = conversation,
            BaseUrl = settings.BaseUrl,
            ModelInfo = model,
            Estimate = Tokens.PromptEstimator.Estimate(request, model, pictures, earlierImages),
        };
    }

    // The server's limits count what it decodes as an image (image_url parts) apart from videos (a frame list or a
    // video_url is one video: vLLM's --limit-mm-per-prompt '{"image":N,"video":M}'), the history's included.
    private static void CheckMediaCount(List<ChatMessage> messages, int? mostImages, int? mostVideos)
    {
        int images = messages.Sum(m => m.Content.Parts?.Count(p => p.ImageUrl is not null) ?? 0);
        if (mostImages is { } limit && images > limit)
        {
            throw new VisionArgumentException(
                ErrorIds.TooManyImages,
                $"This request carries {images} images; the provider takes at most {limit} per request.",
                "Send fewer images at once (pipe them without -SingleRequest), or raise the profile's limit if the provider allows more.");
        }

        int videos = messages.Sum(m => m.Content.Parts?.Count(p => p.Video is not null || p.VideoUrl is not null) ?? 0);
        if (mostVideos is { } most && videos > most)
        {
            throw new VisionArgumentException(
                ErrorIds.TooManyVideos,
                $"This request carries {videos} videos; the provider takes at most {most} per request.",
                "Send one video per request (pipe them without -SingleRequest), or raise the profile's MaxVideosPerRequest quirk if the server allows more (vLLM: --limit-mm-per-prompt).");
        }
    }

    // A server that ignores detail gets none, also for the images of earlier turns.
    private static ChatMessage WithoutDetail(ChatMessage message) =>
        message.Content.Parts is { } parts && parts.Any(p => p.ImageUrl?.Detail is not null)
            ? new ChatMessage(message.Role, MessageContent.FromParts(parts.Select(p => p.ImageUrl is { Detail: not null } image ? ContentPart.FromImage(image.Url, null) : p).ToList()))
            : message;

    private static ContentPart ImageContent(ImagePart image, bool detail) => ContentPart.FromImage(image.ToUrl(), detail ? image.Detail : null);

    private static MessageContent LabelledContent(string prompt, IReadOnlyList<ImagePart> images, IReadOnlyList<string> labels, bool detail)
    {
        if (labels.Count != images.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {images.Count} images.", nameof(labels));
        }

        var parts = new List<ContentPart>((images.Count * 2) + 1);
        for (int i = 0; i < images.Count; i++)
        {
            parts.Add(ContentPart.FromText(images[i].Caption is { } caption ? labels[i] + "\n" + caption : labels[i]));
            if (images[i].HasImage)
            {
                parts.Add(ImageContent(images[i], detail));
            }
        }

        if (!string.IsNullOrWhiteSpace(prompt))
        {
            parts.Add(ContentPart.FromText(prompt));
        }

        return MessageContent.FromParts(parts);
    }

    // A page or frame of a document or video goes with a text part naming it (and its text layer), right before it.
    // A video the server takes natively goes as one part after one caption: the frames of one video in a row as a list
    // of frame images (FrameList), or the whole clip as video_url (the frames that stand for it are not sent).
    private static void AddImages(List<ContentPart> parts, IReadOnlyList<ImagePart> images, bool detail, Providers.VideoShape video)
    {
        for (int i = 0; i < images.Count; i++)
        {
            ImagePart image = images[i];
            if (video == Providers.VideoShape.VideoUrl && image.Video is { } clip)
            {
                int run = 1;
                while (i + run < images.Count && images[i + run].Video == clip)
                {
                    run++;
                }

                parts.Add(ContentPart.FromText(VideoUrlCaption(clip)));
                parts.Add(ContentPart.FromVideoUrl(clip.ToUrl()));
                i += run - 1;
                continue;
            }

            int frames = video == Providers.VideoShape.FrameList ? FramesInRow(images, i) : 0;
            if (frames >= MinVideoFrames)
            {
                parts.Add(ContentPart.FromText(VideoCaption(images[i], images[i + frames - 1], frames)));
                parts.Add(ContentPart.FromVideoFrames(images.Skip(i).Take(frames).Select(f => f.ToUrl()).ToArray()));
                i += frames - 1;
                continue;
            }

            if (image.Caption is { } caption)
            {
                parts.Add(ContentPart.FromText(caption));
            }

            if (image.HasImage)
            {
                parts.Add(ImageContent(image, detail));
            }
        }
    }

    private static string VideoUrlCaption(Images.VideoClip clip) => clip.Url is not null
        ? $"{clip.Url}, video:"
        : $"{System.IO.Path.GetFileName(clip.Name)}, video{(clip.Duration is { } d ? ", " + Imaging.Sources.SourceImage.FormatTime(d) + " long" : string.Empty)}:";

    /// <summary>
    /// The fewest frames sent as one video part: DashScope's Qwen-VL page asks for at least 4 images in a video list
    /// (vision-api-facts §7 says to check its limits); a shorter run goes as labelled images.
    /// </summary>
    public const int MinVideoFrames = 4;

    /// <summary>How many images from <paramref name="start"/> on are inline frames of the same video or animation.</summary>
    internal static int FramesInRow(IReadOnlyList<ImagePart> images, int start)
    {
        ImagePart first = images[start];
        if (first.OriginKind != "frame" || first.Origin is null || first.IsLink)
        {
            return 0;
        }

        int end = start;
        while (end < images.Count && images[end].OriginKind == "frame" && images[end].Origin == first.Origin && !images[end].IsLink
            && images[end].Width == first.Width && images[end].Height == first.Height)
        {
            end++;
        }

        return end - start;
    }

    private static string VideoCaption(ImagePart first, ImagePart last, int frames) =>
        $"{System.IO.Path.GetFileName(first.Origin)}, video of {frames} frames, {first.Label} to {last.Label}:";

    private static MessageContent UserContent(string prompt, IReadOnlyList<ImagePart> images, bool textFirst, bool detail, Providers.VideoShape video)
    {
        if (images.Count == 0)
        {
            return MessageContent.FromText(prompt);
        }

        var parts = new List<ContentPart>(images.Count + 1);
        ContentPart? text = string.IsNullOrWhiteSpace(prompt) ? null : ContentPart.FromText(prompt);
        if (textFirst && text is not null)
        {
            parts.Add(text);
        }

        AddImages(parts, images, detail, video);
        if (!textFirst && text is not null)
        {
            parts.Add(text);
        }

        return MessageContent.FromParts(parts);
    }
}
