using VisionPS.Core.Models;

namespace VisionPS;

/// <summary>
/// A model as Get-VisionModel shows it: what the catalog knows, and whether the provider lists it. Every nullable
/// member means unknown. Piping one into Invoke-VisionChat selects it (its <see cref="Id"/> binds to -Model).
/// </summary>
public sealed class VisionModel
{
    internal VisionModel(string id, ModelInfo? info, bool? listed)
    {
        Id = id;
        Info = info;
        Listed = listed;
    }

    /// <summary>The id to send as <c>model</c>: the provider's own spelling when it lists the model.</summary>
    public string Id { get; }

    public string? Provider => Info?.Provider;

    /// <summary>Whether the model accepts images; null when unknown.</summary>
    public bool? Vision => Info?.Vision;

    public int? ContextLength => Info?.ContextLength;

    /// <summary>Price of one million prompt tokens in <see cref="Currency"/>; null when unknown.</summary>
    public decimal? InputPrice => Info?.Price?.Input;

    /// <summary>Price of one million completion tokens in <see cref="Currency"/>; null when unknown.</summary>
    public decimal? OutputPrice => Info?.Price?.Output;

    public string? Currency => Info?.Price?.Currency;

    /// <summary>Requests (or queries) per minute.</summary>
    public int? Rpm => Info?.RateLimits.Rpm;

    /// <summary>Tokens per minute.</summary>
    public int? Tpm => Info?.RateLimits.Tpm;

    /// <summary>Requests in flight at once.</summary>
    public int? Concurrency => Info?.RateLimits.Concurrency;

    /// <summary>The image-token rule (<c>openai-tiles</c>, <c>qwen-smart-resize</c>, ...); <c>unknown</c> when none is known.</summary>
    public string ImageTokenRule => Info?.ImageTokens.Rule ?? ImageTokenRuleSpec.Unknown.Rule;

    /// <summary>True when the catalog has an entry for it.</summary>
    public bool InCatalog => Info is not null;

    /// <summary>True when the provider's <c>GET /models</c> lists it, false when it does not, null when not asked.</summary>
    public bool? Listed { get; }

    /// <summary>The catalog entry; null for a model only the provider knows.</summary>
    public ModelInfo? Info { get; }

    public override string ToString() => Id;
}
