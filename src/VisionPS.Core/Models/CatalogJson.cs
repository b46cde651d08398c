using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisionPS.Core.Models;

// The file shapes of docs/model-catalog.md. Everything is nullable so that a missing field can be
// reported by CatalogReader with its path instead of failing inside the serializer.

internal sealed class CatalogFile
{
    public int? Version { get; set; }

    public List<CatalogEntry?>? Models { get; set; }
}

internal sealed class CatalogEntry
{
    public string? Id { get; set; }

    public List<string?>? Aliases { get; set; }

    public string? Provider { get; set; }

    public bool? Vision { get; set; }

    public int? ContextLength { get; set; }

    public CatalogImageTokens? ImageTokens { get; set; }

    public CatalogPrice? Price { get; set; }

    public CatalogRateLimits? RateLimits { get; set; }

    public CatalogBatch? Batch { get; set; }
    public int? MaxImagesPerRequest { get; set; }

    public bool? JsonSchema { get; set; }

    public bool? Video { get; set; }

    /// <summary>The older spelling of <see cref="Video"/>: "frames" means true.</summary>
    public string? VideoInput { get; set; }

    public string? Source { get; set; }
}

/// <summary>The provider's Batch API for this model: its price and how many tokens may wait at once.</summary>
internal sealed class CatalogBatch
{
    public CatalogPrice? Price { get; set; }

    public long? EnqueuedTokens { get; set; }
}

internal sealed class CatalogImageTokens
{
    public string? Rule { get; set; }

    /// <summary>The rule's parameters sit next to <c>rule</c>, so they arrive as extension data.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Parameters { get; set; }
}

internal sealed class CatalogPrice
{
    public decimal? Input { get; set; }

    public decimal? Output { get; set; }

    public string? Currency { get; set; }

    public string? Unit { get; set; }
}

internal sealed class CatalogRateLimits
{
    public int? Rpm { get; set; }

    public int? Tpm { get; set; }

    public int? Concurrency { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(CatalogFile))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext
{
}
