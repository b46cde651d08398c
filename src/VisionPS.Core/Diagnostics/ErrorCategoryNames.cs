namespace VisionPS.Core.Diagnostics;

/// <summary>
/// Names of System.Management.Automation.ErrorCategory members that Core uses (Core cannot reference PowerShell).
/// A module test checks each name against PowerShell's enum.
/// </summary>
public static class ErrorCategoryNames
{
    public const string NotSpecified = "NotSpecified";
    public const string InvalidArgument = "InvalidArgument";
    public const string InvalidData = "InvalidData";
    public const string NotInstalled = "NotInstalled";
    public const string InvalidResult = "InvalidResult";
    public const string ObjectNotFound = "ObjectNotFound";
    public const string PermissionDenied = "PermissionDenied";
    public const string ReadError = "ReadError";
    public const string AuthenticationError = "AuthenticationError";
    public const string ConnectionError = "ConnectionError";
    public const string ProtocolError = "ProtocolError";
    public const string OperationTimeout = "OperationTimeout";
    public const string ResourceUnavailable = "ResourceUnavailable";
    public const string LimitsExceeded = "LimitsExceeded";
    public const string QuotaExceeded = "QuotaExceeded";
    public const string SecurityError = "SecurityError";
}
