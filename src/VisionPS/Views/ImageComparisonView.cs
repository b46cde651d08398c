using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>
/// The members VisionPS.types.ps1xml adds to ImageComparison as CodeProperties: the TotalTokens heading and, hidden,
/// the text the table shows (see <see cref="ImagePartView"/> for why C#).
/// </summary>
public static class ImageComparisonView
{
    public static object? TotalTokens(PSObject instance) => Comparison(instance)?.Usage?.TotalTokens;

    public static string? ReferenceImageInView(PSObject instance) => Comparison(instance) is { } comparison
        ? ViewText.TrimLeft(ViewText.Leaf(comparison.ReferenceImage), 18)
        : null;

    public static string? DifferenceImageInView(PSObject instance) => Comparison(instance) is { } comparison
        ? ViewText.TrimLeft(ViewText.Leaf(comparison.DifferenceImage), 18)
        : null;

    public static string? IdenticalInView(PSObject instance) => Comparison(instance) is { } comparison ? ViewText.YesNo(comparison.Identical, "-") : null;

    public static string? SsimInView(PSObject instance) => Comparison(instance) is { } comparison
        ? comparison.Ssim is { } ssim ? ViewText.Format("{0:0.000}", ssim) : "-"
        : null;

    /// <summary>The distance itself (a number, as the property is) or "-".</summary>
    public static object? PHashInView(PSObject instance) => Comparison(instance) is { } comparison
        ? comparison.PerceptualHashDistance is { } distance ? distance : "-"
        : null;

    /// <summary>The first changed region and how many more.</summary>
    public static string? ChangesInView(PSObject instance) => Comparison(instance)?.Changes switch
    {
        null => null,
        { Count: 0 } => string.Empty,
        { Count: 1 } changes => changes[0].ToString(),
        { } changes => $"{changes[0]} +{changes.Count - 1}",
    };

    public static string? TextInView(PSObject instance) => Comparison(instance) is { } comparison
        ? string.IsNullOrEmpty(comparison.Text) ? string.Empty : ViewText.OneLine(comparison.Text)
        : null;

    private static ImageComparison? Comparison(PSObject instance) => instance?.BaseObject as ImageComparison;
}
