using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>
/// Everything a streamed answer carried, parsed with the runtime's reference SSE parser
/// (System.Net.ServerSentEvents.SseParser: CR/LF/CRLF, comments, multi-line data joined with "\n").
/// </summary>
internal sealed record SseCapture(IReadOnlyList<string> Data, IReadOnlyList<JsonElement> Chunks, string Content, bool SawDone, JsonElement? Error)
{
    public const string Done = "[DONE]";

    /// <summary>Reads to the end of the stream (also past [DONE], to prove nothing follows it).</summary>
    public static async Task<SseCapture> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var data = new List<string>();
        var chunks = new List<JsonElement>();
        var content = new StringBuilder();
        JsonElement? error = null;
        await foreach (SseItem<string> item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            data.Add(item.Data);
            if (item.Data == Done)
            {
                continue;
            }

            JsonElement chunk = JsonDocument.Parse(item.Data).RootElement.Clone();
            chunks.Add(chunk);
            if (chunk.TryGetProperty("error", out JsonElement e))
            {
                error = e;
            }

            content.Append(DeltaContent(chunk));
        }

        return new SseCapture(data, chunks, content.ToString(), data.Contains(Done), error);
    }

    /// <summary>The text of <c>choices[*].delta.content</c>, tolerating chunks without choices or without delta (Azure).</summary>
    public static string DeltaContent(JsonElement chunk)
    {
        var sb = new StringBuilder();
        if (chunk.TryGetProperty("choices", out JsonElement choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement choice in choices.EnumerateArray())
            {
                if (choice.TryGetProperty("delta", out JsonElement delta)
                    && delta.TryGetProperty("content", out JsonElement c)
                    && c.ValueKind == JsonValueKind.String)
                {
                    sb.Append(c.GetString());
                }
            }
        }

        return sb.ToString();
    }
}
