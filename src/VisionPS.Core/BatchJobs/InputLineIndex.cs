using System.Text.Json;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.BatchJobs;

/// <summary>
/// Finds a request again in a part's local JSONL by custom_id (one pass records each line's offset), so a
/// received result carries the same conversation and estimate as the online path's.
/// </summary>
internal sealed class InputLineIndex : IDisposable
{
    private readonly Dictionary<string, (long Offset, int Length)> _lines = new(StringComparer.Ordinal);
    private readonly FileStream? _file;

    public InputLineIndex(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        byte[] buffer = new byte[1 << 16];
        byte[] head = new byte[HeadBytes];
        int headLength = 0;
        long lineStart = 0;
        long position = 0;
        int read;
        while ((read = _file.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < read; i++, position++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    Record(head.AsSpan(0, headLength), lineStart, (int)(position - lineStart));
                    headLength = 0;
                    lineStart = position + 1;
                }
                else if (headLength < HeadBytes)
                {
                    head[headLength++] = buffer[i];
                }
            }
        }
    }

    // custom_id is the first property the encoder writes, so the head of a line holds it.
    private const int HeadBytes = 512;

    private void Record(ReadOnlySpan<byte> head, long offset, int length)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, default);
        if (reader.Read() && reader.Read() && reader.ValueTextEquals("custom_id") && reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            _lines[reader.GetString()!] = (offset, length);
        }
    }

    /// <summary>The request body sent for <paramref name="customId"/>, or null when the local file is gone.</summary>
    public ChatRequest? Find(string customId)
    {
        if (_file is null || !_lines.TryGetValue(customId, out var at))
        {
            return null;
        }

        byte[] bytes = new byte[at.Length];
        _file.Seek(at.Offset, SeekOrigin.Begin);
        _file.ReadExactly(bytes);
        using JsonDocument doc = JsonDocument.Parse(bytes);
        return doc.RootElement.GetProperty("body").Deserialize(ProtocolJsonContext.Default.ChatRequest);
    }

    public void Dispose() => _file?.Dispose();
}
