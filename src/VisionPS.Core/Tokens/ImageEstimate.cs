using System.Globalization;

namespace VisionPS;

/// <summary>The pre-send token estimate for one image of a request.</summary>
/// <param name="Source">The image's source (path, URL or description).</param>
/// <param name="Width">Width as sent; null for an http(s) URL (not downloaded).</param>
/// <param name="Height">Height as sent; null for an http(s) URL.</param>
/// <param name="Detail">The detail level sent, or null.</param>
/// <param name="Tokens">Estimated tokens; null when the size is unknown and the rule needs it.</param>
/// <param name="Rule">The image-token rule used.</param>
/// <param name="IsFallback">True when the model's rule is unknown and the stated fallback (gpt-4o tiles) was used.</param>
public sealed record ImageEstimate(string Source, int? Width, int? Height, string? Detail, int? Tokens, string Rule, bool IsFallback)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Source}: {(Tokens is { } t ? $"~{t} tokens" : "tokens unknown")} ({Rule}{(IsFallback ? ", fallback" : string.Empty)}, estimate)");
}
