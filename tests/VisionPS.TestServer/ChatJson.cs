using System.Text;
using System.Text.Json;

namespace VisionPS.TestServer;

/// <summary>
/// JSON of chat.completion and chat.completion.chunk objects (spec CreateChatCompletionResponse,
/// CreateChatCompletionStreamResponse, CompletionUsage), written field by field.
/// </summary>
internal static class ChatJson
{
    public const string SystemFingerprint = "fp_visionps_test";

    public static string CompletionObject(Completion c) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WriteText("id", c.Id);
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", c.Created);
        w.WriteText("model", c.Model);
        w.WritePropertyName("choices");
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("role", "assistant");
        w.WriteText("content", c.Content);
        w.WriteNull("refusal");
        w.WritePropertyName("annotations");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", c.FinishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        WriteUsage(w, c);
        w.WriteString("service_tier", "default");
        w.WriteString("system_fingerprint", SystemFingerprint);
        w.WriteEndObject();
    });

    /// <summary>A chunk with one choice. <paramref name="delta"/> writes the delta object's properties; null = no delta property at all.</summary>
    public static string Chunk(Completion c, ChunkOptions options, Action<Utf8JsonWriter>? delta, string? finishReason, int index)
        => JsonText.Build(w =>
        {
            WriteChunkStart(w, c);
            w.WritePropertyName("choices");
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            if (delta is not null)
            {
                w.WritePropertyName("delta");
                w.WriteStartObject();
                delta(w);
                w.WriteEndObject();
            }

            w.WriteNull("logprobs");
            w.WriteText("finish_reason", finishReason);
            w.WriteEndObject();
            w.WriteEndArray();
            WriteChunkEnd(w, options, index);
        });

    /// <summary>The include_usage chunk: <c>"choices":[]</c> and the usage object.</summary>
    public static string UsageChunk(Completion c, ChunkOptions options, int index) => JsonText.Build(w =>
    {
        WriteChunkStart(w, c);
        w.WritePropertyName("choices");
        w.WriteStartArray();
        w.WriteEndArray();
        WriteUsage(w, c);
        if (options.IncludeObfuscation)
        {
            w.WriteString("obfuscation", Obfuscation(index));
        }

        w.WriteEndObject();
    });

    /// <summary>Azure's first chunk: empty id, object and model, no choices, prompt_filter_results.</summary>
    public static string AzurePromptFilterChunk() => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("choices");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WriteNumber("created", 0);
        w.WriteString("id", "");
        w.WriteString("model", "");
        w.WriteString("object", "");
        w.WritePropertyName("prompt_filter_results");
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteNumber("prompt_index", 0);
        WriteContentFilterResults(w);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Azure's asynchronous-filter chunk: a choice with content_filter_results and offsets, and no delta.</summary>
    public static string AzureContentFilterChunk(Completion c) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("choices");
        w.WriteStartArray();
        w.WriteStartObject();
        w.WritePropertyName("content_filter_offsets");
        w.WriteStartObject();
        w.WriteNumber("check_offset", 0);
        w.WriteNumber("start_offset", 0);
        w.WriteNumber("end_offset", Encoding.UTF8.GetByteCount(c.Content));
        w.WriteEndObject();
        WriteContentFilterResults(w);
        w.WriteNull("finish_reason");
        w.WriteNumber("index", 0);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteNumber("created", c.Created);
        w.WriteText("id", c.Id);
        w.WriteText("model", c.Model);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteString("system_fingerprint", SystemFingerprint);
        w.WriteEndObject();
    });

    /// <summary><c>{"error":{...}}</c> as a mid-stream data event.</summary>
    public static string ErrorEvent(string message, string type, string? code) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        ApiError.WriteErrorObject(w, message, type, null, code);
        w.WriteEndObject();
    });

    private static void WriteChunkStart(Utf8JsonWriter w, Completion c)
    {
        w.WriteStartObject();
        w.WriteText("id", c.Id);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", c.Created);
        w.WriteText("model", c.Model);
        w.WriteString("service_tier", "default");
        w.WriteString("system_fingerprint", SystemFingerprint);
    }

    private static void WriteChunkEnd(Utf8JsonWriter w, ChunkOptions options, int index)
    {
        if (options.IncludeUsage)
        {
            w.WriteNull("usage"); // every chunk before the usage chunk carries "usage": null
        }

        if (options.IncludeObfuscation)
        {
            w.WriteString("obfuscation", Obfuscation(index));
        }

        w.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter w, Completion c)
    {
        w.WritePropertyName("usage");
        w.WriteStartObject();
        w.WriteNumber("prompt_tokens", c.PromptTokens);
        w.WriteNumber("completion_tokens", c.CompletionTokens);
        w.WriteNumber("total_tokens", c.TotalTokens);
        w.WritePropertyName("prompt_tokens_details");
        w.WriteStartObject();
        w.WriteNumber("cached_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteEndObject();
        w.WritePropertyName("completion_tokens_details");
        w.WriteStartObject();
        w.WriteNumber("reasoning_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteNumber("accepted_prediction_tokens", 0);
        w.WriteNumber("rejected_prediction_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteContentFilterResults(Utf8JsonWriter w)
    {
        w.WritePropertyName("content_filter_results");
        w.WriteStartObject();
        foreach (string category in (string[])["hate", "self_harm", "sexual", "violence"])
        {
            w.WritePropertyName(category);
            w.WriteStartObject();
            w.WriteBoolean("filtered", false);
            w.WriteString("severity", "safe");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Deterministic stand-in for OpenAI's random padding field.</summary>
    private static string Obfuscation(int index) => "Zx9QwE4rTy7u"[..(1 + (index % 12))];
}

/// <summary>Per-request choices that shape every chunk.</summary>
internal readonly record struct ChunkOptions(bool IncludeUsage, bool IncludeObfuscation);
