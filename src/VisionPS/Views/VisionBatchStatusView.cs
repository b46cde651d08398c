using System.Globalization;
using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>
/// The members VisionPS.types.ps1xml adds to VisionBatchStatus as CodeProperties: the Done heading and, hidden, the
/// text the table shows (see <see cref="ImagePartView"/> for why C#).
/// </summary>
public static class VisionBatchStatusView
{
    /// <summary>Requests finished (completed or failed) of the total.</summary>
    public static string? Done(PSObject instance) => Status(instance) is { } status
        ? ViewText.Format("{0:N0}/{1:N0}", status.Completed + status.Failed, status.Total)
        : null;

    public static string? BatchIdInView(PSObject instance) => Status(instance) is { } status ? ViewText.TrimLeft(status.BatchId ?? string.Empty, 28) : null;

    /// <summary>The expiry in UTC to the minute, marked Z.</summary>
    public static string? ExpiresAtInView(PSObject instance) => Status(instance)?.ExpiresAt is { } expires
        ? expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.CurrentCulture) + "Z"
        : null;

    private static VisionBatchStatus? Status(PSObject instance) => instance?.BaseObject as VisionBatchStatus;
}
