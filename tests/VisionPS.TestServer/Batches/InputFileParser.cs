using System.Text;
using System.Text.Json;

namespace VisionPS.TestServer.Batches;

/// <summary>
/// Checks an input file the way the validating state does: JSONL, each line an object with a unique non-empty
/// custom_id, method POST, the batch's url and an object body, one model in the whole file, within the limits.
/// The bodies themselves are checked line by line while the batch runs (failures go to the error file).
/// </summary>
internal static class InputFileParser
{
    public static (List<BatchLine> Lines, List<BatchFileError> Errors) Parse(byte[] content, string endpoint, BatchServerOptions options)
    {
        var lines = new List<BatchLine>();
        var errors = new List<BatchFileError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? model = null;
        if (content.LongLength > options.MaxFileBytes)
        {
            errors.Add(new("file_too_large", $"The input file is {content.LongLength} bytes; the limit is {options.MaxFileBytes}.", null, null));
            return (lines, errors);
        }

        int lineNumber = 0;
        foreach (ReadOnlyMemory<byte> raw in SplitLines(content))
        {
            lineNumber++;
            if (raw.Span.Trim((byte)'\r').IsEmpty)
            {
                continue;
            }

            if (lines.Count >= options.MaxLines)
            {
                errors.Add(new("too_many_requests", $"The input file has more than {options.MaxLines} requests.", null, lineNumber));
                break;
            }

            BatchFileError? error = ParseLine(raw, lineNumber, endpoint, seen, ref model, out BatchLine? line);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            lines.Add(line!);
        }

        if (lines.Count == 0 && errors.Count == 0)
        {
            errors.Add(new("empty_file", "The input file has no requests.", null, null));
        }

        return (lines, errors);
    }

    private static BatchFileError? ParseLine(ReadOnlyMemory<byte> raw, int number, string endpoint, HashSet<string> seen, ref string? model, out BatchLine? line)
    {
        line = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(raw, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return new("invalid_json_line", "This line is not parseable as valid JSON.", null, number);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new("invalid_request", "Each line must be a JSON object.", null, number);
            }

            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name is not ("custom_id" or "method" or "url" or "body"))
                {
                    return new("invalid_request", $"Unrecognized field '{p.Name}'.", p.Name, number);
                }
            }

            if (!root.TryGetProperty("custom_id", out JsonElement id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
            {
                return new("missing_required_parameter", "custom_id must be a non-empty string.", "custom_id", number);
            }

            string customId = id.GetString()!;
            if (!seen.Add(customId))
            {
                return new("duplicate_custom_id", $"The custom_id '{customId}' is used by more than one request.", "custom_id", number);
            }

            if (!root.TryGetProperty("method", out JsonElement method) || method.ValueKind != JsonValueKind.String || method.GetString() != "POST")
            {
                return new("invalid_method", "method must be \"POST\".", "method", number);
            }

            if (!root.TryGetProperty("url", out JsonElement url) || url.ValueKind != JsonValueKind.String || url.GetString() != endpoint)
            {
                return new("invalid_url", $"url must be the batch's endpoint, \"{endpoint}\".", "url", number);
            }

            if (!root.TryGetProperty("body", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
            {
                return new("invalid_request", "body must be an object.", "body", number);
            }

            string? lineModel = body.TryGetProperty("model", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            model ??= lineModel;
            if (lineModel is not null && lineModel != model)
            {
                return new("mismatched_model", $"Every request in a batch must use the same model; this line uses '{lineModel}', an earlier one '{model}'.", "body.model", number);
            }

            line = new BatchLine(customId, body.Clone());
            return null;
        }
    }

    public static IEnumerable<ReadOnlyMemory<byte>> SplitLines(byte[] content)
    {
        int start = 0;
        while (start < content.Length)
        {
            int end = Array.IndexOf(content, (byte)'\n', start);
            if (end < 0)
            {
                end = content.Length;
            }

            yield return content.AsMemory(start, end - start);
            start = end + 1;
        }
    }

    /// <summary>For the upload record: each line's custom_id and the SHA-256 of every image_url.url and video_url.url, in order; never throws.</summary>
    public static (List<string> CustomIds, List<string> Digests) Describe(byte[] content)
    {
        var ids = new List<string>();
        var digests = new List<string>();
        foreach (ReadOnlyMemory<byte> raw in SplitLines(content))
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(raw);
                if (doc.RootElement.TryGetProperty("custom_id", out JsonElement id) && id.ValueKind == JsonValueKind.String)
                {
                    ids.Add(id.GetString()!);
                }

                if (doc.RootElement.TryGetProperty("body", out JsonElement body) && body.TryGetProperty("messages", out JsonElement messages) && messages.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement message in messages.EnumerateArray())
                    {
                        if (message.TryGetProperty("content", out JsonElement parts) && parts.ValueKind == JsonValueKind.Array)
                        {
                            foreach (JsonElement part in parts.EnumerateArray())
                            {
                                if ((part.TryGetProperty("image_url", out JsonElement image) || part.TryGetProperty("video_url", out image))
                                    && image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out JsonElement url) && url.ValueKind == JsonValueKind.String)
                                {
                                    digests.Add(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(url.GetString()!))));
                                }
                            }
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not a request line; the validating state reports it.
            }
        }

        return (ids, digests);
    }
}
