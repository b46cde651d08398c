using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>
/// A message's content: a plain string, or a list of parts (text and images).
/// Plain strings are what every compatible server understands, so text-only content stays a string.
/// </summary>
[JsonConverter(typeof(MessageContentConverter))]
public sealed class MessageContent
{
    private MessageContent(string? text, IReadOnlyList<ContentPart>? parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>The content when it is a plain string; otherwise null.</summary>
    public string? Text { get; }

    /// <summary>The content when it is a list of parts; otherwise null.</summary>
    public IReadOnlyList<ContentPart>? Parts { get; }

    public static MessageContent FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    public static MessageContent FromParts(IReadOnlyList<ContentPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A message needs at least one content part.", nameof(parts));
        }

        return new MessageContent(null, parts);
    }

    /// <summary>The text of the content: the string, or the text parts joined by new lines.</summary>
    public string JoinedText => Text ?? string.Join("\n", Parts!.Where(p => p.Text is not null).Select(p => p.Text));

    public override string ToString()
    {
        if (Text is not null)
        {
            return Text;
        }

        int images = Parts!.Sum(p => p.ImageUrl is not null || p.VideoUrl is not null ? 1 : p.Video?.Count ?? 0);
        return images == 0 ? JoinedText : $"[{images} image(s)] {JoinedText}";
    }
}
