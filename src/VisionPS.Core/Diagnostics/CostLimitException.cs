namespace VisionPS.Core.Diagnostics;

/// <summary>
/// -MaxCost stops the run: the estimate would pass the limit, or cannot be made because the price is unknown.
/// Every later request would meet the same answer, so the command stops.
/// </summary>
public sealed class CostLimitException : Exception
{
    public CostLimitException(string errorId, string message, string recommendedAction)
        : base(message)
    {
        ErrorId = errorId;
        RecommendedAction = recommendedAction;
    }

    public string ErrorId { get; }

    public string RecommendedAction { get; }
}
