using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>One streamed event (<c>chat.completion.chunk</c>). Every member may be missing: compatible servers vary.</summary>
public sealed class ChatCompletionChunk
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("choices")]
    public List<ChunkChoice>? Choices { get; set; }

    [JsonPropertyName("usage")]
    public WireUsage? Usage { get; set; }

    /// <summary>An error reported in the middle of a stream (OpenRouter, OpenAI, vLLM).</summary>
    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }
}

public sealed class ChunkChoice
{
    [JsonPropertyName("index")]
    public int Index { get; set; }

    /// <summary>Missing on Azure's content-filter chunks.</summary>
    [JsonPropertyName("delta")]
    public ChatDelta? Delta { get; set; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }
}

/// <summary>A streamed delta or a whole answer message; both carry the same fields.</summary>
public sealed class ChatDelta
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("refusal")]
    public string? Refusal { get; set; }
}
