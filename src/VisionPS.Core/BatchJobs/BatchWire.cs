using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisionPS.Core.BatchJobs;

// The Batch API's wire shapes (spec OpenAIFile, Batch, BatchRequestCounts, list pages, and the output-file line).
// Unknown fields are ignored: providers add their own.

public sealed class BatchFileObject
{
    public string Id { get; set; } = "";

    public long Bytes { get; set; }

    [JsonPropertyName("created_at")]
    public long CreatedAt { get; set; }

    public string? Filename { get; set; }

    public string? Purpose { get; set; }
}

public sealed class BatchObject
{
    public string Id { get; set; } = "";

    public string? Status { get; set; }

    public string? Model { get; set; }

    [JsonPropertyName("input_file_id")]
    public string? InputFileId { get; set; }

    [JsonPropertyName("output_file_id")]
    public string? OutputFileId { get; set; }

    [JsonPropertyName("error_file_id")]
    public string? ErrorFileId { get; set; }

    [JsonPropertyName("created_at")]
    public long CreatedAt { get; set; }

    [JsonPropertyName("expires_at")]
    public long? ExpiresAt { get; set; }

    [JsonPropertyName("completed_at")]
    public long? CompletedAt { get; set; }

    [JsonPropertyName("request_counts")]
    public BatchRequestCounts? RequestCounts { get; set; }

    public BatchErrorList? Errors { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }
}

public sealed class BatchRequestCounts
{
    public int Total { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }
}

public sealed class BatchErrorList
{
    public List<BatchErrorItem>? Data { get; set; }
}

public sealed class BatchErrorItem
{
    public string? Code { get; set; }

    public string? Message { get; set; }

    public int? Line { get; set; }
}

internal sealed class BatchPage<T>
{
    public List<T>? Data { get; set; }

    [JsonPropertyName("has_more")]
    public bool HasMore { get; set; }

    [JsonPropertyName("last_id")]
    public string? LastId { get; set; }
}

/// <summary>One line of an output or error file.</summary>
internal sealed class BatchOutputLine
{
    [JsonPropertyName("custom_id")]
    public string? CustomId { get; set; }

    public BatchLineResponse? Response { get; set; }

    public BatchLineError? Error { get; set; }
}

internal sealed class BatchLineResponse
{
    [JsonPropertyName("status_code")]
    public int StatusCode { get; set; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }

    public JsonElement Body { get; set; }
}

internal sealed class BatchLineError
{
    public string? Code { get; set; }

    public string? Message { get; set; }
}

internal sealed class CreateBatchBody
{
    [JsonPropertyName("input_file_id")]
    public required string InputFileId { get; init; }

    public required string Endpoint { get; init; }

    [JsonPropertyName("completion_window")]
    public string CompletionWindow { get; init; } = "24h";

    public Dictionary<string, string>? Metadata { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchFileObject))]
[JsonSerializable(typeof(BatchObject))]
[JsonSerializable(typeof(BatchPage<BatchFileObject>))]
[JsonSerializable(typeof(BatchPage<BatchObject>))]
[JsonSerializable(typeof(BatchOutputLine))]
[JsonSerializable(typeof(CreateBatchBody))]
internal sealed partial class BatchWireJsonContext : JsonSerializerContext
{
}
