using System.Text.Json;
using System.Text.Json.Serialization;
using VisionPS.Core.Protocol;

namespace VisionPS;

/// <summary>
/// A conversation so far, in a form that survives <c>ConvertTo-Json -Depth 8</c> / <c>ConvertFrom-Json</c> (or
/// <see cref="ToJson"/> / <see cref="FromJson"/>): the messages with their images as sent (sizes included, so later
/// turns need no decoding), and the usage totals of every turn.
/// </summary>
public sealed class Conversation
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The model that answered last.</summary>
    public string? Model { get; init; }

    public required IReadOnlyList<ConversationMessage> Messages { get; init; }

    /// <summary>Answered requests in this conversation.</summary>
    public int Turns { get; init; }

    /// <summary>Prompt tokens of every turn, as the provider reported them.</summary>
    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Cost of every priced turn, in <see cref="Currency"/>; null when no turn had a price.</summary>
    public decimal? Cost { get; init; }

    public string? Currency { get; init; }

    /// <summary>Every image still in the conversation, oldest first.</summary>
    public IReadOnlyList<SentImage> GetImages() => Messages.SelectMany(m => m.Parts).Where(p => p.Image is not null).Select(p => p.Image!).ToArray();

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads what <see cref="ToJson"/> or <c>ConvertTo-Json</c> wrote.</summary>
    public static Conversation FromJson(string json)
    {
        try
        {
            Conversation? conversation = JsonSerializer.Deserialize<Conversation>(json, Options);
            return conversation?.Messages is { Count: > 0 }
                ? conversation
                : throw new JsonException("It has no messages.");
        }
        catch (JsonException e)
        {
            throw new Core.Diagnostics.VisionArgumentException(
                Core.Diagnostics.ErrorIds.InvalidConversation,
                $"This is not a saved conversation: {e.Message}",
                "Save a conversation with $result.Conversation | ConvertTo-Json -Depth 8 (or .ToJson()), and pass what ConvertFrom-Json reads back to -Conversation.");
        }
    }

    /// <summary>The messages as sent on the wire.</summary>
    public IReadOnlyList<ChatMessage> ToWire() => Messages.Select(m =>
        m.Parts.Count == 1 && m.Parts[0].Image is null && m.Parts[0].Video is null
            ? new ChatMessage(m.Role, MessageContent.FromText(m.Parts[0].Text ?? string.Empty))
            : new ChatMessage(m.Role, MessageContent.FromParts(m.Parts.Select(p => p.Image is { } image
                ? ContentPart.FromImage(image.Url, image.Detail)
                : p.Video is { } video ? ContentPart.FromVideoUrl(video.Url) : ContentPart.FromText(p.Text ?? string.Empty)).ToArray()))).ToArray();

    /// <summary>
    /// A conversation of wire messages whose images are not described (sizes are read from the data URLs once).
    /// </summary>
    public static Conversation FromWire(IReadOnlyList<ChatMessage> messages, string? model = null) => new()
    {
        Model = model,
        Messages = messages.Select(m => Describe(m, [])).ToArray(),
    };

    /// <summary>The same conversation without its <paramref name="count"/> oldest images (each replaced by a short note).</summary>
    public Conversation WithoutOldestImages(int count)
    {
        int left = count;
        ConversationMessage[] messages = Messages.Select(m => new ConversationMessage
        {
            Role = m.Role,
            Parts = m.Parts.Select(p =>
            {
                if (p.Image is null || left <= 0)
                {
                    return p;
                }

                left--;
                return new ConversationPart { Type = ConversationPart.TextType, Text = $"[image left out to fit the context: {p.Image.Source}]" };
            }).ToArray(),
        }).ToArray();
        return new Conversation
        {
            Model = Model,
            Messages = messages,
            Turns = Turns,
            PromptTokens = PromptTokens,
            CompletionTokens = CompletionTokens,
            Cost = Cost,
            Currency = Currency,
        };
    }

    /// <summary>A wire message as a conversation message; <paramref name="known"/> describes its images in order.</summary>
    internal static ConversationMessage Describe(ChatMessage message, IReadOnlyList<ImagePart> known)
    {
        if (message.Content.Parts is not { } parts)
        {
            return new ConversationMessage { Role = message.Role, Parts = [new ConversationPart { Type = ConversationPart.TextType, Text = message.Content.Text }] };
        }

        int index = 0;
        var described = new List<ConversationPart>(parts.Count);
        foreach (ContentPart p in parts)
        {
            if (p.VideoUrl is { } video)
            {
                // A whole video stands for the frames that were read from it; they were not sent.
                Core.Images.VideoClip? clip = index < known.Count ? known[index].Video : null;
                while (clip is not null && index < known.Count && known[index].Video == clip)
                {
                    index++;
                }

                described.Add(new ConversationPart
                {
                    Type = ConversationPart.VideoType,
                    Video = new SentImage { Url = video.Url, Source = clip?.Name ?? "(video)", Width = clip?.Width, Height = clip?.Height },
                });
                continue;
            }

            // A video part's frames are remembered as images: a continued conversation sends them as image_url parts.
            IEnumerable<ImageUrl?> urls = p.Video is { } frames ? frames.Select(f => (ImageUrl?)new ImageUrl(f, null)) : [p.ImageUrl];
            foreach (ImageUrl? url in urls)
            {
                if (url is null)
                {
                    described.Add(new ConversationPart { Type = ConversationPart.TextType, Text = p.Text });
                    continue;
                }

                ImagePart? part = index < known.Count ? known[index] : null;
                index++;
                (int? w, int? h, string source) = part is not null ? (part.Width, part.Height, part.Source) : SizeOf(url.Url);
                described.Add(new ConversationPart
                {
                    Type = ConversationPart.ImageType,
                    Image = new SentImage { Url = url.Url, Source = source, Width = w, Height = h, Detail = url.Detail },
                });
            }
        }

        return new ConversationMessage { Role = message.Role, Parts = described.ToArray() };
    }

    private static (int?, int?, string) SizeOf(string url)
    {
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, url);
        }

        try
        {
            Imaging.ImageInfo info = Imaging.ImageIdentifier.Identify(Core.Images.DataUrl.Decode(url));
            return (info.DisplayWidth, info.DisplayHeight, "(earlier image)");
        }
        catch (Exception e) when (e is Imaging.ImageFormatException or FormatException or Core.Diagnostics.VisionArgumentException)
        {
            return (null, null, "(earlier image)");
        }
    }
}
