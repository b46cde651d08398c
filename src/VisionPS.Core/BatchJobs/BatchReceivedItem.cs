namespace VisionPS.Core.BatchJobs;

/// <summary>One input's outcome from a batch: its result, or the error to report with its source as the target.</summary>
public sealed record BatchReceivedItem(string CustomId, string Source, ChatResult? Result, Exception? Error);
