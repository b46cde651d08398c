namespace VisionPS.Core.Models;

/// <summary>What a model costs per million tokens, in <paramref name="Currency"/> (ISO 4217, e.g. <c>USD</c>, <c>CNY</c>).</summary>
/// <param name="Input">Price of one million prompt tokens (images are billed as prompt tokens).</param>
/// <param name="Output">Price of one million completion tokens (reasoning tokens included).</param>
/// <param name="Currency">ISO 4217 code, upper case.</param>
public sealed record ModelPrice(decimal Input, decimal Output, string Currency)
{
    /// <summary>The only unit the catalog uses.</summary>
    public const string Unit = "1M tokens";

    /// <summary>The cost of a call with these token counts.</summary>
    public decimal Cost(long promptTokens, long completionTokens) =>
        (promptTokens * Input + completionTokens * Output) / 1_000_000m;
}
