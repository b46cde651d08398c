using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>
/// The members VisionPS.types.ps1xml adds to ImageEstimate as CodeProperties: the Size heading and, hidden, the text
/// the table shows (see <see cref="ImagePartView"/> for why C#).
/// </summary>
public static class ImageEstimateView
{
    /// <summary>Width x height, or "URL" for an image the server fetches (its size is unknown here).</summary>
    public static string? Size(PSObject instance) => Estimate(instance) is { } estimate
        ? estimate.Width is { } width ? ViewText.Format("{0}x{1}", width, estimate.Height) : "URL"
        : null;

    public static string? TokensInView(PSObject instance) => Estimate(instance) is { } estimate
        ? estimate.Tokens is { } tokens ? ViewText.Format("~{0}", tokens) : "?"
        : null;

    public static string? DetailInView(PSObject instance) => Estimate(instance) is { } estimate
        ? string.IsNullOrEmpty(estimate.Detail) ? "auto" : estimate.Detail
        : null;

    public static string? RuleInView(PSObject instance) => Estimate(instance) is { } estimate
        ? estimate.IsFallback ? estimate.Rule + " (fallback)" : estimate.Rule
        : null;

    public static string? SourceInView(PSObject instance) => Estimate(instance) is { } estimate ? ViewText.TrimLeft(estimate.Source, 29) : null;

    private static ImageEstimate? Estimate(PSObject instance) => instance?.BaseObject as ImageEstimate;
}
