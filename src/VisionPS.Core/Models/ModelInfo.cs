namespace VisionPS.Core.Models;

/// <summary>
/// One catalog entry. Every nullable member means "unknown", which is not the same as false or zero:
/// <see cref="Vision"/> null says nobody recorded whether the model can see.
/// </summary>
/// <param name="Id">The model id as the provider's API expects it.</param>
/// <param name="Aliases">Other names for the same entry, matched case-insensitively like the id.</param>
/// <param name="Provider">Who serves it: <c>openai</c>, <c>dashscope</c>, <c>openrouter</c>, ...</param>
/// <param name="Vision">Whether the model accepts images; null when unknown.</param>
/// <param name="ContextLength">Context window in tokens.</param>
/// <param name="ImageTokens">How images become tokens; <see cref="ImageTokenRuleSpec.Unknown"/> when no rule is known.</param>
/// <param name="Price">Null when the price is unknown (a free model has a price of 0).</param>
/// <param name="RateLimits">Published limits, each null when unknown.</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record ModelInfo(
    string Id,
    IReadOnlyList<string> Aliases,
    string Provider,
    bool? Vision,
    int? ContextLength,
    ImageTokenRuleSpec ImageTokens,
    ModelPrice? Price,
    ModelRateLimits RateLimits,
    string? Source)
{
    /// <summary>The price through the provider's Batch API (about half the online price); null when unknown.</summary>
    public ModelPrice? BatchPrice { get; init; }

    /// <summary>The most prompt tokens the provider lets wait in batches for this model at once; null when unknown.</summary>
    public long? BatchEnqueuedTokens { get; init; }
    /// <summary>The most images the provider accepts in one request (over the whole conversation); null when unknown.</summary>
    public int? MaxImagesPerRequest { get; init; }

    /// <summary>Whether the provider takes response_format json_schema for this model; null when unknown (it is tried).</summary>
    public bool? JsonSchema { get; init; }

    /// <summary>
    /// Whether the model understands video natively (catalog <c>video</c>; the older <c>videoInput: "frames"</c> reads as
    /// true). Which part carries it is the server's fact (the VideoParts quirk); null or false: frames go as images.
    /// </summary>
    public bool? Video { get; init; }

    /// <summary>The older catalog field's one value (<c>videoInput: "frames"</c>), read as <see cref="Video"/> true.</summary>
    public const string VideoFrameList = "frames";

    /// <summary>
    /// True when <paramref name="name"/> is the id or an alias, ignoring case, or is one of them behind a
    /// provider prefix (<c>openai/gpt-4o</c> for <c>gpt-4o</c>). <see cref="ModelCatalog.Find"/> prefers exact names.
    /// </summary>
    public bool Matches(string name) => MatchesExactly(name) || (Unprefixed(name) is { } bare && MatchesExactly(bare));

    internal bool MatchesExactly(string name) => IsId(name) || IsAlias(name);

    internal bool IsId(string name) => string.Equals(Id, name, StringComparison.OrdinalIgnoreCase);

    internal bool IsAlias(string name) => Aliases.Any(alias => string.Equals(alias, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The name after its last '/', or null when there is no prefix.</summary>
    internal static string? Unprefixed(string name)
    {
        int slash = name.LastIndexOf('/');
        return slash >= 0 && slash < name.Length - 1 ? name[(slash + 1)..] : null;
    }
}
