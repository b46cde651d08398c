namespace VisionPS.TestServer;

/// <summary>A model the server answers for, with the rule it uses to count image tokens.</summary>
/// <param name="Id">Model id as sent in <c>model</c> and listed by <c>GET /v1/models</c>.</param>
/// <param name="Rule">How image tokens are counted for this model.</param>
/// <param name="Vision">False: requests with image parts are rejected with 400.</param>
public sealed record ServedModel(string Id, ImageTokenRule Rule, bool Vision = true)
{
    /// <summary>gpt-4o, gpt-4o-mini, gpt-4.1 (OpenAI tiles), two Qwen2.5-VL models, and a text-only model.</summary>
    public static IReadOnlyList<ServedModel> Defaults { get; } =
    [
        new("gpt-4o", ImageTokenRule.Tile(85, 170)),
        new("gpt-4o-mini", ImageTokenRule.Tile(2833, 5667)),
        new("gpt-4.1", ImageTokenRule.Tile(85, 170)),
        new("Qwen/Qwen2.5-VL-7B-Instruct", ImageTokenRule.Qwen),
        new("Qwen/Qwen2.5-VL-72B-Instruct", ImageTokenRule.Qwen),
        new("text-only-model", ImageTokenRule.Tile(85, 170), Vision: false),
    ];

    /// <summary><c>owned_by</c> in the model list: the part before '/' (e.g. "Qwen"), else "openai" or "visionps-test".</summary>
    public string OwnedBy => Id.IndexOf('/') is > 0 and var slash ? Id[..slash] : Vision ? "openai" : "visionps-test";
}
