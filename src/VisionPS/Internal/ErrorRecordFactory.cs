using System.Management.Automation;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Internal;

/// <summary>Turns Core's classification of an exception into an ErrorRecord; no decisions are made here.</summary>
internal static class ErrorRecordFactory
{
    public static ErrorRecord Create(Exception exception, object? target, out bool stopsCommand)
    {
        VisionErrorInfo info = ErrorClassifier.Classify(exception, target);
        stopsCommand = info.StopsCommand;
        var category = Enum.TryParse(info.Category, out ErrorCategory parsed) ? parsed : ErrorCategory.NotSpecified;
        return new ErrorRecord(exception, info.ErrorId, category, info.TargetObject)
        {
            ErrorDetails = new ErrorDetails(info.Message) { RecommendedAction = info.RecommendedAction },
        };
    }
}
