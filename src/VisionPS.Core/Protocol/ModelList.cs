using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>The answer of <c>GET {base}/models</c>.</summary>
public sealed class ModelList
{
    [JsonPropertyName("data")]
    public List<WireModel>? Data { get; set; }
}

public sealed class WireModel
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("created")]
    public long? Created { get; set; }

    [JsonPropertyName("owned_by")]
    public string? OwnedBy { get; set; }
}
