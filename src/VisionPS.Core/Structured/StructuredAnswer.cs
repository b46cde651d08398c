using System.Text.Json;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Structured;

/// <summary>Reads a structured answer: parses the text as JSON and validates it against the schema, if any.</summary>
public static class StructuredAnswer
{
    /// <summary>
    /// The result with <see cref="ChatResult.Data"/> set to the parsed JSON (a <see cref="JsonElement"/>); throws
    /// <see cref="StructuredAnswerException"/>, keeping the result, when the text is not JSON or breaks the schema.
    /// </summary>
    public static ChatResult Read(ChatResult result, StructuredOutput output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        string text = Unfenced(result.Text);
        JsonElement data;
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            data = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            string cut = result.FinishReason == "length" ? " The answer was cut off at the token limit (finish reason 'length')." : string.Empty;
            throw new StructuredAnswerException(
                ErrorIds.AnswerNotJson,
                $"The answer from {result.Model} is not valid JSON ({e.Message}).{cut} The raw text is kept in the error's Exception.RawText.",
                result.FinishReason == "length" ? "Raise -MaxTokens, or ask for less." : "Try again, or use a model that supports json_schema.",
                result,
                []);
        }

        if (output.Schema is { } schema)
        {
            IReadOnlyList<string> problems = JsonSchemaValidator.Validate(data, schema.Schema);
            if (problems.Count > 0)
            {
                throw new StructuredAnswerException(
                    ErrorIds.AnswerNotValid,
                    $"The answer from {result.Model} does not follow the schema: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? $"; and {problems.Count - 5} more" : string.Empty)}. The raw text is kept in the error's Exception.RawText.",
                    "Try again; models that support strict json_schema follow it exactly.",
                    result,
                    problems);
            }
        }
        else if (data.ValueKind != JsonValueKind.Object)
        {
            throw new StructuredAnswerException(ErrorIds.AnswerNotValid, $"The answer from {result.Model} is JSON but not an object.", "Try again.", result, []);
        }

        return result.WithData(data);
    }

    // Models asked for JSON in the prompt (no json_schema) sometimes wrap it in a Markdown code fence.
    private static string Unfenced(string text)
    {
        string trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        int firstLine = trimmed.IndexOf('\n');
        int close = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && close > firstLine ? trimmed[(firstLine + 1)..close].Trim() : trimmed;
    }
}
