using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VisionPS.TestServer;

/// <summary>
/// Writes JSON strings with non-ASCII text left as raw UTF-8 (System.Text.Json's encoders escape at least
/// the characters outside the BMP, e.g. emoji, as \uD83D\uDC4D). Raw UTF-8 on the wire is what lets the
/// streaming framings split inside multi-byte characters.
/// Escaped: quote, backslash, control characters below U+0020, and unpaired surrogates.
/// </summary>
internal static class JsonText
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        AppendEscaped(sb, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        AppendEscaped(sb, c);
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Runs <paramref name="body"/> against a fresh writer and returns the JSON text.</summary>
    public static string Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            body(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a string property (or null) with raw UTF-8 text.</summary>
    public static void WriteText(this Utf8JsonWriter w, string name, string? value)
    {
        w.WritePropertyName(name);
        if (value is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(Quote(value), skipInputValidation: true);
        }
    }

    private static void AppendEscaped(StringBuilder sb, char c)
        => sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
