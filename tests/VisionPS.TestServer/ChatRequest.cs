namespace VisionPS.TestServer;

/// <summary>A chat request that passed validation, reduced to what the answer and the usage need.</summary>
internal sealed record ChatRequest(
    ServedModel Model,
    IReadOnlyList<ChatMessageInfo> Messages,
    bool Stream,
    bool IncludeUsage,
    bool IncludeObfuscation,
    int? MaxTokens,
    ResponseFormatInfo ResponseFormat)
{
    /// <summary>The last message with role "user", or null.</summary>
    public ChatMessageInfo? LastUserMessage => Messages.LastOrDefault(m => m.Role == "user");
}

/// <summary>One message: role, its text pieces (string content = one piece), and its images.</summary>
internal sealed record ChatMessageInfo(string Role, IReadOnlyList<string> TextParts, long TextBytes, IReadOnlyList<ExpectedImage> Images);
