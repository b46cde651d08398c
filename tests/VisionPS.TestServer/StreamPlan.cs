using System.Text;

namespace VisionPS.TestServer;

/// <summary>Where an event sits in a stream; stream faults count <see cref="Content"/> events.</summary>
internal enum StreamEventKind
{
    Preamble,
    Content,
    Tail,
    Done,
}

/// <summary>One SSE event's data (JSON, or <c>[DONE]</c>).</summary>
internal readonly record struct StreamEvent(StreamEventKind Kind, string Data);

/// <summary>
/// The events of one streamed answer: a role chunk (<c>{"role":"assistant","content":""}</c>), content chunks of
/// ChunkChars Unicode scalars each, a chunk with an empty delta and the finish reason, the usage chunk
/// (<c>"choices":[]</c>) when include_usage is set, then <c>[DONE]</c>. AzureStyle adds its two quirky chunks;
/// NoDone leaves out <c>[DONE]</c>.
/// </summary>
internal static class StreamPlan
{
    public const string Done = "[DONE]";

    public static List<StreamEvent> Build(Completion c, ChatRequest request, StreamFraming framing, int chunkChars)
    {
        var options = new ChunkOptions(request.IncludeUsage, request.IncludeObfuscation);
        var events = new List<StreamEvent>();
        if (framing == StreamFraming.AzureStyle)
        {
            events.Add(new(StreamEventKind.Preamble, ChatJson.AzurePromptFilterChunk()));
        }

        events.Add(new(StreamEventKind.Preamble, ChatJson.Chunk(c, options, w =>
        {
            w.WriteString("role", "assistant");
            w.WriteString("content", "");
        }, null, events.Count)));

        foreach (string piece in SplitByRunes(c.Content, chunkChars))
        {
            events.Add(new(StreamEventKind.Content, ChatJson.Chunk(c, options, w => w.WriteText("content", piece), null, events.Count)));
        }

        events.Add(new(StreamEventKind.Tail, ChatJson.Chunk(c, options, _ => { }, c.FinishReason, events.Count)));
        if (framing == StreamFraming.AzureStyle)
        {
            events.Add(new(StreamEventKind.Tail, ChatJson.AzureContentFilterChunk(c)));
        }

        if (request.IncludeUsage)
        {
            events.Add(new(StreamEventKind.Tail, ChatJson.UsageChunk(c, options, events.Count)));
        }

        if (framing != StreamFraming.NoDone)
        {
            events.Add(new(StreamEventKind.Done, Done));
        }

        return events;
    }

    /// <summary>Index of the event a stream fault strikes at: the (<paramref name="afterChunks"/>+1)-th content
    /// event, or the first event after the content when there are fewer content events.</summary>
    public static int FaultPosition(List<StreamEvent> events, int afterChunks)
    {
        int seen = 0;
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].Kind == StreamEventKind.Content)
            {
                if (seen == afterChunks)
                {
                    return i;
                }

                seen++;
            }
            else if (events[i].Kind is StreamEventKind.Tail or StreamEventKind.Done)
            {
                return i;
            }
        }

        return events.Count;
    }

    /// <summary>Splits into pieces of <paramref name="chunkChars"/> Unicode scalars (never inside a surrogate pair).</summary>
    public static IEnumerable<string> SplitByRunes(string text, int chunkChars)
    {
        var sb = new StringBuilder();
        int count = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            sb.Append(rune.ToString());
            if (++count == chunkChars)
            {
                yield return sb.ToString();
                sb.Clear();
                count = 0;
            }
        }

        if (sb.Length > 0)
        {
            yield return sb.ToString();
        }
    }
}
