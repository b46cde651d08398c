namespace VisionPS;

/// <summary>One message of a <see cref="Conversation"/>: its role and its parts in order.</summary>
public sealed class ConversationMessage
{
    /// <summary>system, user or assistant.</summary>
    public required string Role { get; init; }

    public required IReadOnlyList<ConversationPart> Parts { get; init; }

    public override string ToString() => $"{Role}: {string.Join(" ", Parts)}";
}
