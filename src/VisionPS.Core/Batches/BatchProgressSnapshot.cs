namespace VisionPS.Core.Batches;

/// <summary>
/// Where a batch stands, for Write-Progress. <c>Total</c> is the number of inputs when known (perhaps only once all
/// input has arrived); <c>Rate</c> is finished items per second over the recent window (null before any time has
/// passed); <c>Remaining</c> the estimated time to finish (null while the total or the rate is unknown).
/// </summary>
public sealed record BatchProgressSnapshot(
    long Succeeded,
    long Failed,
    long Cancelled,
    int InFlight,
    long? Total,
    double? Rate,
    TimeSpan? Remaining)
{
    public long Finished => Succeeded + Failed + Cancelled;

    /// <summary>0 to 100 when the total is known.</summary>
    public int? PercentComplete => Total is > 0 and var total ? (int)Math.Min(100, Finished * 100 / total) : null;
}
