using System.Globalization;
using System.Text;

namespace VisionPS.TestServer;

/// <summary>
/// The deterministic answer that proves what arrived. Lines joined by "\n":
/// <code>
/// model: &lt;model&gt;
/// messages: &lt;number of messages&gt;
/// image 1: image/jpeg 227x149 detail=auto bytes=5770 sha256=&lt;hex&gt;   (one line per image of the LAST user message)
/// image 2: url https://example.com/cat.jpg detail=(omitted)
/// prompt: &lt;text parts of the last user message joined with "\n", or its string content&gt;
/// Ответ готов ✓ 完成 👍
/// </code>
/// </summary>
public static class AnswerText
{
    /// <summary>Fixed last line; multi-byte UTF-8 (2-, 3- and 4-byte sequences) on purpose.</summary>
    public const string FinalLine = "Ответ готов ✓ 完成 👍";

    /// <summary>Builds the full (untruncated) answer.</summary>
    public static string Build(string model, int messageCount, string prompt, IReadOnlyList<ExpectedImage> images)
    {
        var sb = new StringBuilder();
        sb.Append("model: ").Append(model).Append('\n');
        sb.Append("messages: ").Append(messageCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        for (int i = 0; i < images.Count; i++)
        {
            sb.Append(images[i].ToLine(i + 1)).Append('\n');
        }

        sb.Append("prompt: ").Append(prompt).Append('\n');
        sb.Append(FinalLine);
        return sb.ToString();
    }

    /// <summary>
    /// Applies a max_tokens / max_completion_tokens limit: if the answer needs more than
    /// <paramref name="maxTokens"/> tokens (ceil(UTF-8 bytes / 4)), it is cut to at most 4·limit UTF-8 bytes
    /// at a character (Unicode scalar) boundary and the finish reason is "length"; else "stop".
    /// </summary>
    public static (string Text, string FinishReason) ApplyLimit(string answer, int? maxTokens)
    {
        if (maxTokens is not { } limit || TokenCounter.TextTokens(answer) <= limit)
        {
            return (answer, "stop");
        }

        long budget = 4L * limit;
        var sb = new StringBuilder();
        long used = 0;
        foreach (Rune rune in answer.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            sb.Append(rune.ToString());
        }

        return (sb.ToString(), "length");
    }
}
