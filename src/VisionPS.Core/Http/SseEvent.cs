using System.Text.Json;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Http;

/// <summary>One server-sent event of a chat stream, already interpreted: the end marker, an error, or a chunk.</summary>
internal readonly struct SseEvent
{
    private static ReadOnlySpan<byte> DoneMarker => "[DONE]"u8;

    private SseEvent(ChatCompletionChunk? chunk, bool isDone)
    {
        Chunk = chunk;
        IsDone = isDone;
    }

    public ChatCompletionChunk? Chunk { get; }

    public bool IsDone { get; }

    /// <summary>Parses one event's data. Runs inside SseParser, which has already joined multi-line data.</summary>
    public static SseEvent Parse(string eventType, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return new SseEvent(null, false);
        }

        if (trimmed.SequenceEqual(DoneMarker))
        {
            return new SseEvent(null, true);
        }

        ChatCompletionChunk? chunk;
        try
        {
            chunk = JsonSerializer.Deserialize(trimmed, ProtocolJsonContext.Default.ChatCompletionChunk);
        }
        catch (JsonException ex)
        {
            throw new ApiProtocolException($"The server sent a stream event that is not valid JSON: {Preview(trimmed)}", ex);
        }

        if (chunk is null)
        {
            return new SseEvent(null, false);
        }

        // Some servers name the event instead of wrapping the payload in "error".
        if (eventType == "error" && chunk.Error is null)
        {
            using var doc = JsonDocument.Parse(trimmed.ToArray());
            chunk.Error = doc.RootElement.Clone();
        }

        return new SseEvent(chunk, false);
    }

    private static string Preview(ReadOnlySpan<byte> data)
    {
        string text = System.Text.Encoding.UTF8.GetString(data.Length > 200 ? data[..200] : data);
        return data.Length > 200 ? text + "…" : text;
    }
}
