using System.Globalization;
using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>
/// The members VisionPS.types.ps1xml adds to HistoryEntry as CodeProperties: the Outcome heading and, hidden, the text
/// the table shows (see <see cref="ImagePartView"/> for why C#).
/// </summary>
public static class HistoryEntryView
{
    /// <summary>The error id of a failed request, "cache" for an answer from the cache, else the finish reason.</summary>
    public static string? Outcome(PSObject instance) => Entry(instance) switch
    {
        null => null,
        { ErrorId: { Length: > 0 } errorId } => errorId,
        { FromCache: true } => "cache",
        { } entry => entry.FinishReason,
    };

    public static string? TimeInView(PSObject instance) => Entry(instance)?.Time.ToString("yyyy-MM-dd HH:mm", CultureInfo.CurrentCulture);

    /// <summary>The first image's file name and how many more, cut from the left.</summary>
    public static string? ImagesInView(PSObject instance)
    {
        string? images = Entry(instance) switch
        {
            { ImageCount: > 1 } entry => ViewText.Format("{0} (+{1})", Path.GetFileName(entry.Images.Split("; ")[0]), entry.ImageCount - 1),
            { ImageCount: 1 } entry => Path.GetFileName(entry.Images),
            _ => null,
        };
        return ViewText.TrimLeft(images, 28);
    }

    public static string? TotalTokensInView(PSObject instance) => Entry(instance)?.TotalTokens is { } tokens ? ViewText.Format("{0:N0}", tokens) : null;

    public static string? CostInView(PSObject instance) => Entry(instance)?.Cost is { } cost ? ViewText.Format("{0:0.######}", cost) : null;

    /// <summary>Seconds to one decimal.</summary>
    public static string? DurationInView(PSObject instance) => Entry(instance)?.Duration is { } duration ? ViewText.Format("{0:N1}", duration.TotalSeconds) : null;

    private static HistoryEntry? Entry(PSObject instance) => instance?.BaseObject as HistoryEntry;
}
