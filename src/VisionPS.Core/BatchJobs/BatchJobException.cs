namespace VisionPS.Core.BatchJobs;

/// <summary>A batch job cannot go on as asked (no job file, a rerun with other settings, a batch not finished): the message says what to do.</summary>
public sealed class BatchJobException(string errorId, string message, string recommendedAction) : Exception(message)
{
    public string ErrorId { get; } = errorId;

    public string RecommendedAction { get; } = recommendedAction;
}
