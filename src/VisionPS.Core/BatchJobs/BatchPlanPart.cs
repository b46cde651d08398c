using System.Globalization;

namespace VisionPS.Core.BatchJobs;

/// <summary>One batch of a job's split, as -WhatIf shows it: its requests, bytes, estimated tokens and cost at the batch price.</summary>
public sealed record BatchPlanPart(int Number, int Requests, long Bytes, long? EstimatedTokens, Cost? EstimatedCost)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"batch {Number}: {Requests:N0} requests, {Bytes / 1048576.0:0.0} MB, {(EstimatedTokens is { } t ? $"~{t:N0} prompt tokens" : "prompt tokens unknown")}, {(EstimatedCost is { } c ? $"~{c} at the batch price" : "cost unknown (no batch price in the catalog)")}");
}
