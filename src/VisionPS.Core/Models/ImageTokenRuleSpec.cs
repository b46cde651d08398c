namespace VisionPS.Core.Models;

/// <summary>
/// How a model turns an image into tokens, as the catalog names it: a rule name and its numbers, e.g.
/// <c>openai-tiles</c> with <c>base</c> 85 and <c>tile</c> 170. <c>Tokens/ImageTokenEstimator</c> turns it into a calculation.
/// </summary>
/// <param name="Rule">
/// One of <c>openai-tiles</c>, <c>openai-patches</c>, <c>qwen-smart-resize</c>, <c>siliconflow-qwen</c>,
/// <c>internvl-tiles</c>, <c>fixed</c>, <c>unknown</c>.
/// </param>
/// <param name="Parameters">The rule's numbers by name (see docs/model-catalog.md); absent ones take the rule's defaults.</param>
public sealed record ImageTokenRuleSpec(string Rule, IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>No rule is known for the model.</summary>
    public static ImageTokenRuleSpec Unknown { get; } = new("unknown", new Dictionary<string, double>());

    /// <summary>A parameter, or <paramref name="fallback"/> when the catalog does not give it.</summary>
    public double Get(string name, double fallback) => Parameters.TryGetValue(name, out double value) ? value : fallback;
}
