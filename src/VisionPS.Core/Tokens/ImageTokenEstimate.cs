namespace VisionPS.Core.Tokens;

/// <summary>A pre-send estimate for one image. The provider's reported usage is the truth; this is a prediction.</summary>
/// <param name="Rule">The rule that produced it, e.g. <c>qwen-smart-resize</c>.</param>
/// <param name="Tokens">Prompt tokens the image is expected to cost (billed tokens, wrapper tokens included).</param>
/// <param name="Width">Width the provider processes, after the rule's own resizing.</param>
/// <param name="Height">Height the provider processes, after the rule's own resizing.</param>
/// <param name="Tiles">Tiles counted (OpenAI 512-px tiles, InternVL 448-px tiles with the thumbnail), when the rule tiles.</param>
/// <param name="Patches">Patches or visual tokens before any multiplier or wrapper tokens, when the rule counts them.</param>
/// <param name="IsFallback">True when no rule is known for the model and a stated stand-in rule was used.</param>
public sealed record ImageTokenEstimate(
    string Rule,
    int Tokens,
    int Width,
    int Height,
    int? Tiles = null,
    int? Patches = null,
    bool IsFallback = false);
