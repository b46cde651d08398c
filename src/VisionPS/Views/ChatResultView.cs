using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>
/// The members VisionPS.types.ps1xml adds to ChatResult as CodeProperties: TotalTokens (a heading of the table view)
/// and, hidden, the text the list and table views show (see <see cref="ImagePartView"/> for why C#).
/// </summary>
public static class ChatResultView
{
    public static object? TotalTokens(PSObject instance) => Result(instance)?.Usage?.TotalTokens;

    public static string? ImagesInView(PSObject instance) => Result(instance) is { } result
        ? result.Images.Count > 0 ? string.Join(", ", result.Images) : "(none)"
        : null;

    public static string? UsageInView(PSObject instance)
    {
        if (Result(instance) is not { } result)
        {
            return null;
        }

        string estimate = result.Estimate?.PromptTokens is { } prompt ? ViewText.Format(" (estimate before sending: ~{0} in)", prompt) : string.Empty;
        return result.Usage is { } usage
            ? ViewText.Format("{0} in + {1} out = {2}{3}", usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens, estimate)
            : "(not reported)" + estimate;
    }

    public static string? CostInView(PSObject instance) => Result(instance) is { } result ? result.Cost?.ToString() ?? "(price unknown)" : null;

    public static string? DurationInView(PSObject instance) => Result(instance) is { } result ? ViewText.Format("{0:0.00} s", result.Duration.TotalSeconds) : null;

    public static string? ModelInView(PSObject instance) => Result(instance) is { } result ? ViewText.TrimLeft(result.Model ?? string.Empty, 24) : null;

    /// <summary>The list view's Text: an answer the host already showed as it streamed is only counted.</summary>
    public static string? TextInView(PSObject instance) => Result(instance) is { } result
        ? result.StreamedToHost ? ViewText.Format("streamed above, {0:N0} characters", result.Text.Length) : result.Text
        : null;

    /// <summary>The table view's Text: on one line.</summary>
    public static string? TextLineInView(PSObject instance) => Result(instance) is { } result
        ? result.StreamedToHost ? ViewText.Format("(streamed above, {0:N0} characters)", result.Text.Length) : ViewText.OneLine(result.Text)
        : null;

    private static ChatResult? Result(PSObject instance) => instance?.BaseObject as ChatResult;
}
