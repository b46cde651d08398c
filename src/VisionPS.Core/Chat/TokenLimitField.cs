namespace VisionPS.Core.Chat;

/// <summary>Which JSON field carries the output-token limit.</summary>
public enum TokenLimitField
{
    /// <summary>max_completion_tokens for OpenAI and Azure OpenAI, max_tokens for everyone else.</summary>
    Auto,
    MaxTokens,
    MaxCompletionTokens,
}
