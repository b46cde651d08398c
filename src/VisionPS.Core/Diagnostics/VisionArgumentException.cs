namespace VisionPS.Core.Diagnostics;

/// <summary>A user-supplied value that cannot be used; carries the stable error id the cmdlets report.</summary>
public sealed class VisionArgumentException : ArgumentException
{
    public VisionArgumentException(string errorId, string message, string recommendedAction)
        : base(message)
    {
        ErrorId = errorId;
        RecommendedAction = recommendedAction;
    }

    public string ErrorId { get; }

    public string RecommendedAction { get; }
}
