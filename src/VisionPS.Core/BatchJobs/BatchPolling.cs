namespace VisionPS.Core.BatchJobs;

/// <summary>How long -Wait waits between polls: doubling from the first interval up to the longest (batches take minutes to hours).</summary>
public static class BatchPolling
{
    public static TimeSpan Next(TimeSpan previous, TimeSpan first, TimeSpan longest)
    {
        if (previous <= TimeSpan.Zero)
        {
            return first;
        }

        TimeSpan doubled = previous * 2;
        return doubled > longest ? longest : doubled;
    }
}
