using System.Globalization;

namespace VisionPS.Core.Batches;

/// <summary>The totals at the end of a batch, for the verbose stream.</summary>
public sealed record BatchSummary(
    long Succeeded,
    long Failed,
    long Cancelled,
    long Retries,
    long PromptTokens,
    long CompletionTokens,
    decimal? Cost,
    bool CostIsPartial,
    TimeSpan Elapsed)
{
    public long Total => Succeeded + Failed + Cancelled;

    public long TotalTokens => PromptTokens + CompletionTokens;

    public static BatchSummary Create(BatchProgressSnapshot progress, BatchCounters counters, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(counters);
        bool anyPriced = counters.CostKnownCount > 0;
        return new BatchSummary(
            progress.Succeeded, progress.Failed, progress.Cancelled,
            counters.Retries, counters.PromptTokens, counters.CompletionTokens,
            anyPriced ? counters.Cost : null, anyPriced && counters.CostUnknownCount > 0, elapsed);
    }

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string text = string.Create(c, $"Batch: {Succeeded} done, {Failed} failed, {Cancelled} cancelled in {Elapsed.TotalSeconds:0.0} s; {Retries} retries; {TotalTokens} tokens ({PromptTokens} prompt, {CompletionTokens} completion)");
        return Cost is { } cost
            ? text + string.Create(c, $"; cost {cost:0.######}{(CostIsPartial ? " (some items unpriced)" : "")}")
            : text + "; cost unknown";
    }
}
