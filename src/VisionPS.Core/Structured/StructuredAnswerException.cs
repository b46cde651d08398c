namespace VisionPS.Core.Structured;

/// <summary>
/// The model's answer is not JSON, or does not follow the schema. The answer is kept: <see cref="RawText"/> and the
/// whole <see cref="Result"/> (usage and cost included), so nothing paid for is lost.
/// </summary>
public sealed class StructuredAnswerException : Exception
{
    public StructuredAnswerException(string errorId, string message, string recommendedAction, ChatResult result, IReadOnlyList<string> problems)
        : base(message)
    {
        ErrorId = errorId;
        RecommendedAction = recommendedAction;
        Result = result;
        Problems = problems;
    }

    public string ErrorId { get; }

    public string RecommendedAction { get; }

    /// <summary>The answer as the model wrote it.</summary>
    public string RawText => Result.Text;

    /// <summary>The whole result, with its usage and cost.</summary>
    public ChatResult Result { get; }

    /// <summary>Each schema violation with its JSON path; empty when the text was not JSON at all.</summary>
    public IReadOnlyList<string> Problems { get; }
}
