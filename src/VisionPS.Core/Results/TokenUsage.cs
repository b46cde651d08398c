using VisionPS.Core.Protocol;

namespace VisionPS;

/// <summary>Token counts as the provider reported them; the provider's numbers are the truth.</summary>
public sealed class TokenUsage
{
    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public int TotalTokens { get; init; }

    /// <summary>Prompt tokens served from the provider's cache, when it says.</summary>
    public int? CachedTokens { get; init; }

    /// <summary>Hidden reasoning tokens (already inside CompletionTokens), when the provider says.</summary>
    public int? ReasoningTokens { get; init; }

    internal static TokenUsage? FromWire(WireUsage? usage)
    {
        if (usage is null || (usage.PromptTokens is null && usage.CompletionTokens is null && usage.TotalTokens is null))
        {
            return null;
        }

        int prompt = usage.PromptTokens ?? 0;
        int completion = usage.CompletionTokens ?? 0;
        return new TokenUsage
        {
            PromptTokens = prompt,
            CompletionTokens = completion,
            TotalTokens = usage.TotalTokens ?? prompt + completion,
            CachedTokens = usage.PromptTokensDetails?.CachedTokens,
            ReasoningTokens = usage.CompletionTokensDetails?.ReasoningTokens,
        };
    }

    public override string ToString() => $"{PromptTokens} in + {CompletionTokens} out = {TotalTokens}";
}
