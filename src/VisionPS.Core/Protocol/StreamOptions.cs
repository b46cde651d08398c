using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

public sealed class StreamOptions
{
    [JsonPropertyName("include_usage")]
    public bool IncludeUsage { get; init; }
}
