using System.Text.RegularExpressions;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Images;

/// <summary>
/// The <c>detail</c> level is an open value: auto, low and high are documented everywhere, newer ones
/// (such as original) pass through unchanged.
/// </summary>
public static partial class ImageDetail
{
    public const string Auto = "auto";
    public const string Low = "low";
    public const string High = "high";

    public static IReadOnlyList<string> Known { get; } = [Auto, Low, High, "original"];

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>Null or empty means "not sent" (the provider's default); otherwise a lower-case word.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string normalized = value.Trim().ToLowerInvariant();
        if (!Word().IsMatch(normalized))
        {
            throw new VisionArgumentException(
                ErrorIds.InvalidDetail,
                $"'{ImageReference.Shorten(value)}' is not a detail level.",
                "Use auto, low or high (or a newer level your provider documents).");
        }

        return normalized;
    }
}
