using System.Text;

namespace VisionPS.TestServer;

/// <summary>
/// Puts SSE events on the wire in one <see cref="StreamFraming"/>, flushing after every write so the client
/// sees each piece as it is produced. Every write and flush takes the request's token (client gone or server stopping).
/// </summary>
internal sealed class SseWriter(Stream body, StreamFraming framing, CancellationToken cancellationToken)
{
    /// <summary>Seed of RandomSplit: fixed, so a given answer is always cut at the same offsets.</summary>
    public const int RandomSplitSeed = 20240611;

    private readonly Random _random = new(RandomSplitSeed);
    private int _eventsWritten;

    public async Task WriteEventAsync(string data)
    {
        byte[] bytes = Encode(data);
        await WriteBytesAsync(bytes).ConfigureAwait(false);
    }

    /// <summary>Writes the first half of the event's framed bytes (at least one byte) and flushes.</summary>
    public async Task WriteHalfEventAsync(string data)
    {
        byte[] bytes = Encode(data);
        await WriteBytesAsync(bytes.AsMemory(0, Math.Max(1, bytes.Length / 2))).ConfigureAwait(false);
    }

    public Task FlushAsync() => body.FlushAsync(cancellationToken);

    /// <summary>The bytes of one event, with the framing's line ends, comments and data-line layout.</summary>
    internal byte[] Encode(string data)
    {
        string eol = framing switch
        {
            StreamFraming.CrLf => "\r\n",
            StreamFraming.Cr => "\r",
            _ => "\n",
        };

        var sb = new StringBuilder();
        if (framing == StreamFraming.KeepAliveComments)
        {
            if (_eventsWritten == 0)
            {
                sb.Append(": OPENROUTER PROCESSING").Append(eol).Append(eol);
            }

            // Alternate a comment block of its own and a comment line inside the event.
            sb.Append(": keep-alive").Append(eol);
            if (_eventsWritten % 2 == 0)
            {
                sb.Append(eol);
            }
        }

        IEnumerable<string> lines = framing == StreamFraming.MultiLineData && data.StartsWith('{') ? SplitBetweenTokens(data) : [data];
        foreach (string line in lines)
        {
            sb.Append("data: ").Append(line).Append(eol);
        }

        sb.Append(eol);
        _eventsWritten++;
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private async Task WriteBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        switch (framing)
        {
            case StreamFraming.Trickle:
                for (int i = 0; i < bytes.Length; i++)
                {
                    await WriteAndFlushAsync(bytes.Slice(i, 1)).ConfigureAwait(false);
                }

                break;
            case StreamFraming.RandomSplit:
                int start = 0;
                foreach (int cut in CutPoints(bytes.Span))
                {
                    await WriteAndFlushAsync(bytes[start..cut]).ConfigureAwait(false);
                    start = cut;
                }

                await WriteAndFlushAsync(bytes[start..]).ConfigureAwait(false);
                break;
            default:
                await WriteAndFlushAsync(bytes).ConfigureAwait(false);
                break;
        }
    }

    private async Task WriteAndFlushAsync(ReadOnlyMemory<byte> bytes)
    {
        await body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Up to three random offsets, plus one inside the first multi-byte UTF-8 character if there is one.</summary>
    private SortedSet<int> CutPoints(ReadOnlySpan<byte> bytes)
    {
        var cuts = new SortedSet<int>();
        if (bytes.Length < 2)
        {
            return cuts;
        }

        int count = _random.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            cuts.Add(_random.Next(1, bytes.Length));
        }

        int lead = bytes.IndexOfAnyInRange((byte)0xC0, (byte)0xFF);
        if (lead >= 0 && lead + 1 < bytes.Length)
        {
            cuts.Add(lead + 1); // between a lead byte and its continuation byte
        }

        return cuts;
    }

    /// <summary>Splits compact JSON after each ',', '{' and '[' outside strings; joined with "\n" it is still the same JSON value.</summary>
    internal static List<string> SplitBetweenTokens(string json)
    {
        var lines = new List<string>();
        bool inString = false, escaped = false;
        int start = 0;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is ',' or '{' or '[' && i + 1 < json.Length)
            {
                lines.Add(json[start..(i + 1)]);
                start = i + 1;
            }
        }

        lines.Add(json[start..]);
        return lines;
    }
}
