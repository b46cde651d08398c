using System.Text.Json;

namespace VisionPS.TestServer;

/// <summary>
/// Reads the JSON form of a <see cref="Fault"/> used by <c>POST /_test/faults</c> (for PowerShell tests and hand runs).
/// Property names are case-sensitive camelCase; <c>kind</c> and <c>framing</c> values are case-insensitive and may contain '-' or '_'.
/// <code>
/// {"kind":"status","status":503,"message":"…","type":"…","code":"…","retryAfterSeconds":1.5,"retryAfterMs":1500,"rawBody":"&lt;html&gt;…"}
/// {"kind":"rateLimited","retryAfterSeconds":1}            (or "retryAfterMs":250)
/// {"kind":"delay","milliseconds":100}
/// {"kind":"cutStream","afterChunks":2}
/// {"kind":"stall","afterChunks":1}
/// {"kind":"errorEvent","afterChunks":1,"message":"…","type":"server_error","code":null}
/// {"kind":"framing","framing":"crlf"}
/// {"kind":"redirect","location":"http://127.0.0.1:5200/v1/chat/completions","status":307}
/// {"kind":"endlessStream"}  {"kind":"hugeBody","declareLength":false}  {"kind":"endlessLine"}  {"kind":"deepJson","depth":100000}
/// {"kind":"invalidUtf8"}  {"kind":"giantHeaders","kilobytes":256}  {"kind":"slowloris","milliseconds":200}
/// {"kind":"jsonAnswer","answer":"invalid"}                 (invalid, mismatch, truncated)
/// </code>
/// </summary>
internal static class FaultJson
{
    private static readonly Dictionary<string, string[]> AllowedKeys = new(StringComparer.Ordinal)
    {
        ["status"] = ["kind", "status", "message", "type", "code", "retryAfterSeconds", "retryAfterMs", "rawBody"],
        ["ratelimited"] = ["kind", "retryAfterSeconds", "retryAfterMs"],
        ["delay"] = ["kind", "milliseconds"],
        ["cutstream"] = ["kind", "afterChunks"],
        ["stall"] = ["kind", "afterChunks"],
        ["errorevent"] = ["kind", "afterChunks", "message", "type", "code"],
        ["framing"] = ["kind", "framing"],
        ["redirect"] = ["kind", "location", "status"],
        ["endlessstream"] = ["kind"],
        ["hugebody"] = ["kind", "declareLength"],
        ["endlessline"] = ["kind"],
        ["deepjson"] = ["kind", "depth"],
        ["invalidutf8"] = ["kind"],
        ["giantheaders"] = ["kind", "kilobytes"],
        ["slowloris"] = ["kind", "milliseconds"],
        ["jsonanswer"] = ["kind", "answer"],
    };

    /// <summary>One fault from an object, or several from an array. Throws <see cref="FormatException"/> with a readable message.</summary>
    public static List<Fault> ParseMany(JsonElement root)
        => root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().Select(Parse).ToList() : [Parse(root)];

    public static Fault Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A fault must be a JSON object such as {\"kind\":\"status\",\"status\":503}.");
        }

        string kind = Normalize(String(e, "kind") ?? throw new FormatException("Missing \"kind\". Use one of: " + string.Join(", ", AllowedKeys.Keys) + "."));
        if (!AllowedKeys.TryGetValue(kind, out string[]? allowed))
        {
            throw new FormatException($"Unknown fault kind '{String(e, "kind")}'. Use one of: status, rateLimited, delay, cutStream, stall, errorEvent, framing, redirect, endlessStream, hugeBody, endlessLine, deepJson, invalidUtf8, giantHeaders, slowloris, jsonAnswer.");
        }

        foreach (JsonProperty p in e.EnumerateObject())
        {
            if (!allowed.Contains(p.Name))
            {
                throw new FormatException($"Property '{p.Name}' does not belong to a '{kind}' fault. Allowed: {string.Join(", ", allowed)}.");
            }
        }

        try
        {
            return kind switch
            {
                "status" => Fault.Status(
                    Int(e, "status") ?? throw new FormatException("A status fault needs \"status\"."),
                    String(e, "message"), String(e, "type"), String(e, "code"), RetryAfter(e), String(e, "rawBody")),
                "ratelimited" => Fault.RateLimited(RetryAfter(e) ?? TimeSpan.FromSeconds(1)),
                "delay" => Fault.Delay(TimeSpan.FromMilliseconds(Number(e, "milliseconds") ?? throw new FormatException("A delay fault needs \"milliseconds\"."))),
                "cutstream" => Fault.CutStream(Int(e, "afterChunks") ?? 0),
                "stall" => Fault.Stall(Int(e, "afterChunks") ?? 0),
                "errorevent" => Fault.ErrorEvent(Int(e, "afterChunks") ?? 0, String(e, "message") ?? Fault.DefaultErrorEventMessage, String(e, "type") ?? "server_error", String(e, "code")),
                "redirect" => Fault.Redirect(new Uri(String(e, "location") ?? throw new FormatException("A redirect fault needs \"location\".")), Int(e, "status") ?? 307),
                "endlessstream" => Fault.EndlessStream(),
                "hugebody" => Fault.HugeBody(e.TryGetProperty("declareLength", out JsonElement declare) && declare.ValueKind == JsonValueKind.True),
                "endlessline" => Fault.EndlessLine(),
                "deepjson" => Fault.DeepJson(Int(e, "depth") ?? 100_000),
                "invalidutf8" => Fault.InvalidUtf8(),
                "giantheaders" => Fault.GiantHeaders(Int(e, "kilobytes") ?? 256),
                "slowloris" => Fault.Slowloris(TimeSpan.FromMilliseconds(Number(e, "milliseconds") ?? 200)),
                "jsonanswer" => Fault.Json(Enum.TryParse(String(e, "answer"), ignoreCase: true, out JsonAnswerKind answer)
                    ? answer
                    : throw new FormatException("A jsonAnswer fault needs \"answer\": invalid, mismatch or truncated.")),
                _ => Fault.WithFraming(ParseFraming(String(e, "framing") ?? throw new FormatException("A framing fault needs \"framing\"."))),
            };
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>"crlf", "CrLf", "keep-alive-comments", "random_split"… → the enum value.</summary>
    public static StreamFraming ParseFraming(string text)
    {
        foreach (StreamFraming framing in Enum.GetValues<StreamFraming>())
        {
            if (Normalize(framing.ToString()) == Normalize(text))
            {
                return framing;
            }
        }

        throw new FormatException($"Unknown framing '{text}'. Use one of: {string.Join(", ", Enum.GetNames<StreamFraming>())}.");
    }

    private static string Normalize(string s) => s.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static TimeSpan? RetryAfter(JsonElement e)
        => Number(e, "retryAfterMs") is { } ms ? TimeSpan.FromMilliseconds(ms)
            : Number(e, "retryAfterSeconds") is { } s ? TimeSpan.FromSeconds(s)
            : null;

    private static string? String(JsonElement e, string name)
        => !e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind == JsonValueKind.String ? v.GetString()
            : throw new FormatException($"\"{name}\" must be a string.");

    private static double? Number(JsonElement e, string name)
        => !e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : throw new FormatException($"\"{name}\" must be a number.");

    private static int? Int(JsonElement e, string name)
        => !e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i
            : throw new FormatException($"\"{name}\" must be an integer.");
}
