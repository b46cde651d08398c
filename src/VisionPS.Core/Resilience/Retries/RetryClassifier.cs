using VisionPS.Core.Http;

namespace VisionPS.Core.Resilience.Retries;

/// <summary>Decides which failures are transient, i.e. worth sending the same request again.</summary>
public static class RetryClassifier
{
    public const string InsufficientQuotaCode = "insufficient_quota";

    public static bool IsRetryable(Exception exception, CancellationToken callerToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (callerToken.IsCancellationRequested)
        {
            return false;
        }

        return exception switch
        {
            VisionApiException api => IsRetryable(api),
            // A cap or a refused redirect would only be hit again.
            ApiTimeoutException { Overall: true } or RedirectRefusedException or ResponseTooLargeException => false,
            HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => false,
            ApiTimeoutException or StreamInterruptedException => true,
            HttpRequestException or HttpIOException => true,
            _ => false,
        };
    }

    private static bool IsRetryable(VisionApiException e)
    {
        if (e.DuringStream)
        {
            return IsServerError(e.ErrorType) || IsServerError(e.ErrorCode);
        }

        return e.StatusCode switch
        {
            408 or 409 => true,
            429 => !string.Equals(e.ErrorCode, InsufficientQuotaCode, StringComparison.OrdinalIgnoreCase),
            >= 500 and <= 599 => true,
            _ => false,
        };
    }

    private static bool IsServerError(string? value) => string.Equals(value, "server_error", StringComparison.OrdinalIgnoreCase);
}
