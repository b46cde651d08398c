using System.Text.Json;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Models;

/// <summary>Turns catalog JSON (docs/model-catalog.md) into <see cref="ModelInfo"/> entries, or a <see cref="VisionArgumentException"/> that says where and what to fix.</summary>
internal static class CatalogReader
{
    private const string SchemaHint = "The schema is described in docs/model-catalog.md.";

    /// <param name="json">The catalog text.</param>
    /// <param name="origin">The file path, or a description of the built-in catalog, for messages.</param>
    public static IReadOnlyList<ModelInfo> Read(string json, string origin)
    {
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, CatalogJsonContext.Default.CatalogFile);
        }
        catch (JsonException e)
        {
            throw Invalid(origin, Located(e), FixFor(e));
        }

        if (file?.Models is null)
        {
            throw Invalid(origin, "$: there is no \"models\" array", "Write the file as { \"models\": [ { \"id\": ..., \"provider\": ... } ] }.");
        }

        var models = new List<ModelInfo>(file.Models.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < file.Models.Count; i++)
        {
            string path = $"$.models[{i}]";
            ModelInfo model = ToModel(file.Models[i], path, origin);
            if (!seen.Add(model.Id))
            {
                throw Invalid(origin, $"{path}.id: the id '{model.Id}' appears twice", "Keep one entry per id (ids are compared ignoring case).");
            }

            models.Add(model);
        }

        return models;
    }

    private static ModelInfo ToModel(CatalogEntry? entry, string path, string origin)
    {
        if (entry is null)
        {
            throw Invalid(origin, $"{path}: the entry is null", "Remove it or write an object with at least \"id\" and \"provider\".");
        }

        string id = Required(entry.Id, $"{path}.id", origin);
        string provider = Required(entry.Provider, $"{path}.provider", origin);
        var aliases = new List<string>();
        for (int a = 0; a < (entry.Aliases?.Count ?? 0); a++)
        {
            aliases.Add(Required(entry.Aliases![a], $"{path}.aliases[{a}]", origin));
        }

        NonNegative(entry.ContextLength, $"{path}.contextLength", origin);
        CatalogRateLimits? limits = entry.RateLimits;
        NonNegative(limits?.Rpm, $"{path}.rateLimits.rpm", origin);
        NonNegative(limits?.Tpm, $"{path}.rateLimits.tpm", origin);
        NonNegative(limits?.Concurrency, $"{path}.rateLimits.concurrency", origin);
        if (entry.MaxImagesPerRequest is < 1)
        {
            throw Invalid(origin, $"{path}.maxImagesPerRequest: {entry.MaxImagesPerRequest} is not a number of images", "Give a whole number of at least 1, or null when unknown.");
        }

        CatalogBatch? batch = entry.Batch;
        if (batch?.EnqueuedTokens < 0)
        {
            throw Invalid(origin, $"{path}.batch.enqueuedTokens: {batch.EnqueuedTokens} is negative", "Give a whole number of 0 or more, or null when it is unknown.");
        }

        return new ModelInfo(
            id,
            aliases,
            provider,
            entry.Vision,
            entry.ContextLength,
            ToRule(entry.ImageTokens, $"{path}.imageTokens", origin),
            ToPrice(entry.Price, $"{path}.price", origin),
            limits is null ? ModelRateLimits.Unknown : new ModelRateLimits(limits.Rpm, limits.Tpm, limits.Concurrency),
            string.IsNullOrWhiteSpace(entry.Source) ? null : entry.Source)
        {
            BatchPrice = ToPrice(batch?.Price, $"{path}.batch.price", origin),
            BatchEnqueuedTokens = batch?.EnqueuedTokens,
            MaxImagesPerRequest = entry.MaxImagesPerRequest,
            JsonSchema = entry.JsonSchema,
            Video = entry.Video ?? (ToVideoInput(entry.VideoInput, $"{path}.videoInput", origin) is null ? null : true),
        };
    }

    private static ImageTokenRuleSpec ToRule(CatalogImageTokens? tokens, string path, string origin)
    {
        if (tokens is null)
        {
            return ImageTokenRuleSpec.Unknown;
        }

        string rule = Required(tokens.Rule, $"{path}.rule", origin);
        if (!ModelCatalog.ImageTokenRules.Contains(rule, StringComparer.Ordinal))
        {
            throw Invalid(origin, $"{path}.rule: '{rule}' is not a known rule", $"Use one of {string.Join(", ", ModelCatalog.ImageTokenRules)}.");
        }

        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach ((string name, JsonElement value) in tokens.Parameters ?? [])
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number))
            {
                throw Invalid(origin, $"{path}.{name}: the rule parameter is {Describe(value)}", $"Give '{name}' as a number, e.g. \"{name}\": 85, or remove it to use the rule's default.");
            }

            parameters[name] = number;
        }

        return new ImageTokenRuleSpec(rule, parameters);
    }

    private static ModelPrice? ToPrice(CatalogPrice? price, string path, string origin)
    {
        if (price is null)
        {
            return null;
        }

        const string fix = "Give \"input\" and \"output\" (per million tokens) and \"currency\", or write \"price\": null when the price is unknown.";
        if (price.Input is not { } input || input < 0)
        {
            throw Invalid(origin, $"{path}.input: a non-negative number is required", fix);
        }

        if (price.Output is not { } output || output < 0)
        {
            throw Invalid(origin, $"{path}.output: a non-negative number is required", fix);
        }

        string currency = Required(price.Currency, $"{path}.currency", origin);
        if (price.Unit is not null && price.Unit != ModelPrice.Unit)
        {
            throw Invalid(origin, $"{path}.unit: '{price.Unit}' is not supported", $"Convert the prices to per million tokens and write \"unit\": \"{ModelPrice.Unit}\" (or leave unit out).");
        }

        return new ModelPrice(input, output, currency.ToUpperInvariant());
    }

    private static string? ToVideoInput(string? value, string path, string origin) =>
        value is null || value == ModelInfo.VideoFrameList
            ? value
            : throw Invalid(origin, $"{path}: '{value}' is not a known way to send video", $"Write \"video\": true (or the older \"videoInput\": \"{ModelInfo.VideoFrameList}\") for a model that understands video; the profile's VideoParts quirk picks the part.");

    private static string Required(string? value, string path, string origin) =>
        string.IsNullOrWhiteSpace(value)
            ? throw Invalid(origin, $"{path}: a non-empty string is required", $"Set {path[(path.LastIndexOf('.') + 1)..]} to a non-empty string.")
            : value;

    private static void NonNegative(int? value, string path, string origin)
    {
        if (value < 0)
        {
            throw Invalid(origin, $"{path}: {value} is negative", "Give a whole number of 0 or more, or null when it is unknown.");
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Null => "null",
        _ => $"a {value.ValueKind.ToString().ToLowerInvariant()}",
    };

    /// <summary>"line L, position P ($.path): problem", without the serializer's .NET type names.</summary>
    private static string Located(JsonException e)
    {
        string where = e.LineNumber is { } line
            ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}"
            : "somewhere in the file";
        string path = string.IsNullOrEmpty(e.Path) ? "" : $" ({e.Path})";
        return $"{where}{path}: {Problem(e)}";
    }

    private static string Problem(JsonException e)
    {
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown field '{LastSegment(e.Path)}'";
        }

        if (!IsSyntaxError(e))
        {
            return ExpectedFor(LastSegment(e.Path)) is { } expected ? $"wrong type, expected {expected}" : "a value has the wrong type";
        }

        // The reader's own sentence, minus the location it appends (already given).
        string message = e.InnerException?.Message ?? e.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return "not valid JSON: " + (cut > 0 ? message[..cut] : message).TrimEnd(' ', '|', '.');
    }

    /// <summary>The serializer wraps the reader's exception (itself a JsonException) for syntax errors; type mismatches have no such inner exception.</summary>
    private static bool IsSyntaxError(JsonException e) => e.InnerException is JsonException;

    private static string FixFor(JsonException e)
    {
        string field = LastSegment(e.Path);
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"Remove or rename '{field}': {FieldsOf(e.Path)}. {SchemaHint}";
        }

        return !IsSyntaxError(e) && ExpectedFor(field) is { } expected
            ? $"Give '{field}' as {expected}. {SchemaHint}"
            : $"Correct the JSON at that position (quotes, commas, brackets). {SchemaHint}";
    }

    /// <summary>The fields allowed next to the unknown one at <paramref name="path"/>.</summary>
    private static string FieldsOf(string? path)
    {
        string parent = path is null || path.LastIndexOf('.') <= 0 ? "$" : LastSegment(path[..path.LastIndexOf('.')]);
        return parent switch
        {
            "price" => "a price takes input, output, currency, unit",
            "rateLimits" => "rate limits take rpm, tpm, concurrency",
            "batch" => "batch takes price, enqueuedTokens",
            "models" => "entries take id, aliases, provider, vision, contextLength, imageTokens, price, rateLimits, batch, maxImagesPerRequest, jsonSchema, video, videoInput, source",
            _ => "the file takes version and models",
        };
    }

    private static string? ExpectedFor(string field) => field switch
    {
        "id" or "provider" or "currency" or "unit" or "rule" or "source" => "a string",
        "videoInput" => "\"frames\" or null (video goes as separate images)",
        "aliases" => "an array of strings",
        "vision" or "jsonSchema" or "video" => "true, false or null (unknown)",
        "contextLength" or "rpm" or "tpm" or "concurrency" or "enqueuedTokens" or "maxImagesPerRequest" => "a whole number or null (unknown)",
        "batch" => "an object with price and enqueuedTokens, or null (no Batch API known)",
        "input" or "output" => "a number (price per million tokens)",
        "version" => "a whole number",
        "models" => "an array of model entries",
        "imageTokens" => "an object with \"rule\" and its numbers, or null",
        "price" => "an object with input, output and currency, or null (unknown)",
        "rateLimits" => "an object with rpm, tpm and concurrency, or null",
        _ when field.StartsWith("aliases[", StringComparison.Ordinal) => "a string",
        _ => null,
    };

    private static string LastSegment(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "";
        }

        string last = path[(path.LastIndexOf('.') + 1)..];
        // $.models[0] → "models"; $.models[0].aliases[1] → "aliases[1]" is kept so that it reads as an element.
        return last.EndsWith(']') && !last.StartsWith("aliases", StringComparison.Ordinal) ? last[..last.IndexOf('[')] : last;
    }

    private static VisionArgumentException Invalid(string origin, string where, string fix) =>
        new(ErrorIds.ModelCatalogInvalid, $"The model catalog '{origin}' is not valid: {where}.", fix);
}
