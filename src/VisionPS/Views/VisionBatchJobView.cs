using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>
/// The members VisionPS.types.ps1xml adds to VisionBatchJob as CodeProperties: the Batches heading and, hidden, the
/// text the table shows (see <see cref="ImagePartView"/> for why C#).
/// </summary>
public static class VisionBatchJobView
{
    /// <summary>How many provider batches the job was split into (a number, so it sorts and sums).</summary>
    public static object? Batches(PSObject instance) => Job(instance)?.BatchIds.Count;

    public static string? RequestsInView(PSObject instance) => Job(instance) is { } job ? ViewText.Format("{0:N0}", job.Requests) : null;

    public static string? JobPathInView(PSObject instance) => Job(instance) is { } job ? ViewText.TrimLeft(job.JobPath ?? string.Empty, 26) : null;

    private static VisionBatchJob? Job(PSObject instance) => instance?.BaseObject as VisionBatchJob;
}
