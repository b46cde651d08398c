namespace VisionPS.Core.Diagnostics;

/// <summary>Stable error ids. Published ids never change; PowerShell appends ",VisionPS.Commands.&lt;Cmdlet&gt;".</summary>
public static class ErrorIds
{
    public const string ImageNotFound = "ImageNotFound";
    public const string ImageAccessDenied = "ImageAccessDenied";
    public const string ImageReadFailed = "ImageReadFailed";
    public const string ImageTooLarge = "ImageTooLarge";
    public const string ImageAspectRatioTooLarge = "ImageAspectRatioTooLarge";
    public const string ImageFormatNotRecognized = "ImageFormatNotRecognized";
    public const string ImageFormatNotSupported = "ImageFormatNotSupported";
    public const string ImageDecodeFailed = "ImageDecodeFailed";
    public const string ImageUrlNotSupported = "ImageUrlNotSupported";
    public const string InvalidDataUrl = "InvalidDataUrl";
    public const string InvalidDetail = "InvalidDetail";
    public const string InvalidBaseUrl = "InvalidBaseUrl";
    public const string InvalidInput = "InvalidInput";
    public const string PromptMissing = "PromptMissing";
    public const string ModelNotSpecified = "ModelNotSpecified";
    public const string ApiKeyMissing = "ApiKeyMissing";
    public const string ApiAuthenticationFailed = "ApiAuthenticationFailed";
    public const string ApiPermissionDenied = "ApiPermissionDenied";
    public const string ModelNotFound = "ModelNotFound";
    public const string ModelCatalogInvalid = "ModelCatalogInvalid";
    public const string ApiNotFound = "ApiNotFound";
    public const string ApiRequestRejected = "ApiRequestRejected";
    public const string ApiRequestTooLarge = "ApiRequestTooLarge";
    public const string ApiRateLimited = "ApiRateLimited";
    public const string ApiQuotaExceeded = "ApiQuotaExceeded";
    public const string ApiServerError = "ApiServerError";
    public const string ApiRequestFailed = "ApiRequestFailed";
    public const string ApiStreamError = "ApiStreamError";
    public const string ApiConnectionFailed = "ApiConnectionFailed";
    public const string ApiTimeout = "ApiTimeout";
    public const string StreamInterrupted = "StreamInterrupted";
    public const string StreamProtocolError = "StreamProtocolError";
    public const string UnexpectedError = "UnexpectedError";
    public const string CostLimitExceeded = "CostLimitExceeded";
    public const string CostUnknown = "CostUnknown";
    public const string TooManyImages = "TooManyImages";
    public const string InvalidSchema = "InvalidSchema";
    public const string InvalidConversation = "InvalidConversation";
    public const string AnswerNotJson = "AnswerNotJson";
    public const string AnswerNotValid = "AnswerNotValid";
}
