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
            messages.AddRange(history.ToWire());
            conversation.AddRange(history.Messages);
        }

        IReadOnlyList<SentImage> earlierImages = conversation.SelectMany(m => m.Parts).Where(p => p.Image is not null).Select(p => p.Image!).ToArray();

        string sent = settings.Output?.Instruction is { } instruction
            ? (string.IsNullOrWhiteSpace(prompt) ? instruction : prompt + "\n\n" + instruction)
            : prompt;
        messages.Add(new ChatMessage(ChatRole.User, labels is null ? UserContent(sent, images, settings.TextFirst) : LabelledContent(sent, images, labels)));
        conversation.Add(Conversation.Describe(messages[^1], images));

        bool completionField = settings.TokenLimitField switch
        {
            TokenLimitField.MaxCompletionTokens => true,
            TokenLimitField.MaxTokens => false,
            _ => Endpoints.PrefersMaxCompletionTokens(settings.BaseUrl),
        };

        var request = new ChatRequest
        {
            Model = settings.Model,
            Messages = messages,
            MaxTokens = completionField ? null : settings.MaxTokens,
            MaxCompletionTokens = completionField ? settings.MaxTokens : null,
            Temperature = settings.Temperature,
            Stream = settings.Stream ? true : null,
            StreamOptions = settings.Stream && settings.IncludeUsage ? new StreamOptions { IncludeUsage = true } : null,
            ResponseFormat = settings.Output?.ResponseFormat,
        };

        Models.ModelInfo? model = (settings.Catalog ?? Models.ModelCatalog.BuiltIn).Find(settings.Model);
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
            Estimate = Tokens.PromptEstimator.Estimate(request, model, images, earlierImages),
        };
    }

    private static MessageContent LabelledContent(string prompt, IReadOnlyList<ImagePart> images, IReadOnlyList<string> labels)
    {
        if (labels.Count != images.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {images.Count} images.", nameof(labels));
        }

        var parts = new List<ContentPart>((images.Count * 2) + 1);
        for (int i = 0; i < images.Count; i++)
        {
            parts.Add(ContentPart.FromText(labels[i]));
            parts.Add(images[i].ToContentPart());
        }

        if (!string.IsNullOrWhiteSpace(prompt))
        {
            parts.Add(ContentPart.FromText(prompt));
        }

        return MessageContent.FromParts(parts);
    }

    private static MessageContent UserContent(string prompt, IReadOnlyList<ImagePart> images, bool textFirst)
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

        foreach (ImagePart image in images)
        {
            // A tile's label goes right before it, so the model can put the parts back together.
            if (image.Label is { } label)
            {
                parts.Add(ContentPart.FromText(label));
            }

            parts.Add(image.ToContentPart());
        }

        if (!textFirst && text is not null)
        {
            parts.Add(text);
        }

        return MessageContent.FromParts(parts);
    }
}
