using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>One message of a conversation, as sent on the wire.</summary>
public sealed class ChatMessage
{
    [JsonConstructor]
    public ChatMessage(string role, MessageContent content)
    {
        Role = role;
        Content = content;
    }

    [JsonPropertyName("role")]
    public string Role { get; }

    [JsonPropertyName("content")]
    public MessageContent Content { get; }

    public static ChatMessage System(string text) => new(ChatRole.System, MessageContent.FromText(text));

    public static ChatMessage Assistant(string text) => new(ChatRole.Assistant, MessageContent.FromText(text));

    public override string ToString() => $"{Role}: {Content}";
}
