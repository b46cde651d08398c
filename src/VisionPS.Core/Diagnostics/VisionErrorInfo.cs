namespace VisionPS.Core.Diagnostics;

/// <summary>
/// What the cmdlet layer needs to build an ErrorRecord: a stable id, the name of an ErrorCategory member,
/// the message, a next step, and whether the whole command should stop (nothing later could succeed).
/// </summary>
public sealed record VisionErrorInfo(
    string ErrorId,
    string Category,
    string Message,
    string? RecommendedAction,
    object? TargetObject,
    bool StopsCommand);
