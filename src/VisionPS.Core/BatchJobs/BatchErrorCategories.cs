using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.BatchJobs;

/// <summary>The PowerShell error category of each batch error id.</summary>
internal static class BatchErrorCategories
{
    public static string Of(string errorId) => errorId switch
    {
        ErrorIds.BatchJobNotFound => ErrorCategoryNames.ObjectNotFound,
        ErrorIds.BatchJobInvalid => ErrorCategoryNames.InvalidData,
        ErrorIds.BatchJobMismatch => ErrorCategoryNames.InvalidArgument,
        ErrorIds.BatchNotFinished => ErrorCategoryNames.ResourceUnavailable,
        ErrorIds.BatchRequestTooLarge => ErrorCategoryNames.LimitsExceeded,
        ErrorIds.BatchRequestExpired => ErrorCategoryNames.OperationTimeout,
        ErrorIds.BatchResultMissing => ErrorCategoryNames.InvalidResult,
        _ => ErrorCategoryNames.InvalidResult,
    };
}
