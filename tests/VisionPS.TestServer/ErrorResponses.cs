using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer;

/// <summary>Writes error responses: OpenAI error JSON, and the replies of Status faults.</summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, ApiError error, CancellationToken cancellationToken)
        => WriteBodyAsync(context, error.Status, "application/json", error.ToJson(), cancellationToken);

    /// <summary>Reply of a <see cref="FaultKind.Status"/> fault; the raw body wins over the JSON error.</summary>
    public static Task WriteFaultAsync(HttpContext context, Fault fault, CancellationToken cancellationToken)
    {
        if (fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers["retry-after"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["retry-after-ms"] = ((long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (fault.StatusCode == 429)
        {
            context.Response.Headers["x-ratelimit-remaining-requests"] = "0";
        }

        if (fault.RawBody is { } raw)
        {
            string trimmed = raw.TrimStart();
            string contentType = trimmed.StartsWith('<') ? "text/html; charset=utf-8"
                : trimmed.StartsWith('{') || trimmed.StartsWith('[') ? "application/json"
                : "text/plain; charset=utf-8";
            return WriteBodyAsync(context, fault.StatusCode, contentType, raw, cancellationToken);
        }

        (string message, string type) = Defaults(fault.StatusCode);
        var error = new ApiError(fault.StatusCode, fault.ErrorMessage ?? message, fault.ErrorType ?? type, null, fault.ErrorCode);
        return WriteAsync(context, error, cancellationToken);
    }

    /// <summary>Message and type OpenAI uses for a status when the fault gives none.</summary>
    public static (string Message, string Type) Defaults(int status) => status switch
    {
        400 => ("Bad request.", ApiError.InvalidRequestType),
        401 => ("Incorrect API key provided.", ApiError.InvalidRequestType),
        403 => ("You are not allowed to sample from this model.", ApiError.InvalidRequestType),
        404 => ("Not found.", ApiError.InvalidRequestType),
        408 => ("Request timed out.", "timeout"),
        409 => ("Conflict.", ApiError.InvalidRequestType),
        429 => ("Rate limit reached for requests.", "requests"),
        500 => ("The server had an error while processing your request. Sorry about that!", "server_error"),
        502 => ("Bad gateway.", "server_error"),
        503 => ("The engine is currently overloaded, please try again later.", "server_error"),
        504 => ("Gateway timeout.", "server_error"),
        >= 500 => ("The server had an error while processing your request.", "server_error"),
        _ => ("The request could not be processed.", ApiError.InvalidRequestType),
    };

    public static async Task WriteBodyAsync(HttpContext context, int status, string contentType, string body, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }
}
