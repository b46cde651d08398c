using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>The text the CallEstimate list shows, as hidden CodeProperties (see <see cref="ImagePartView"/> for why C#).</summary>
public static class CallEstimateView
{
    public static string? PromptTokensInView(PSObject instance) => Estimate(instance) is { } estimate
        ? estimate.PromptTokens is { } prompt
            ? ViewText.Format("~{0} ({1} for images, {2} for text)", prompt, estimate.ImageTokens, estimate.TextTokens)
            : "unknown (an image has no known size)"
        : null;

    public static string? PromptCostInView(PSObject instance) => Estimate(instance) is { } estimate
        ? estimate.PromptCost is { } cost ? "~" + cost : "(price unknown)"
        : null;

    /// <summary>The length itself (a number, as the property is) or "(unknown)".</summary>
    public static object? ContextLengthInView(PSObject instance) => Estimate(instance) is { } estimate
        ? estimate.ContextLength is { } length and not 0 ? length : "(unknown)"
        : null;

    public static string? ImagesInView(PSObject instance) => Estimate(instance) is { } estimate
        ? estimate.Images.Count > 0 ? string.Join("\n", estimate.Images) : "(none)"
        : null;

    private static CallEstimate? Estimate(PSObject instance) => instance?.BaseObject as CallEstimate;
}
