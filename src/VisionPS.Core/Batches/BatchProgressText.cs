using System.Globalization;

namespace VisionPS.Core.Batches;

/// <summary>The status line Write-Progress shows for a batch.</summary>
public static class BatchProgressText
{
    public static string Status(BatchProgressSnapshot p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string done = p.Total is { } total ? $"{p.Finished:N0} of {total:N0} done" : $"{p.Finished:N0} done";
        string failed = p.Failed > 0 ? $", {p.Failed:N0} failed" : string.Empty;
        string rate = p.Rate is { } r ? $", {r:0.0}/s" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{done}{failed}, {p.InFlight} in flight{rate}");
    }
}
