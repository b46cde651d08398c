using System.Text.Json;

namespace VisionPS.Core.Http;

/// <summary>Builds <see cref="VisionApiException"/>s with one message style, scrubbed of the API key.</summary>
internal static class ApiErrors
{
    public static VisionApiException FromResponse(HttpResponseMessage response, string? body, Uri endpoint, ApiCredential? key, DateTimeOffset now)
    {
        ApiErrorBody error = Scrub(ApiErrorParser.Parse(body), key);
        int status = (int)response.StatusCode;
        string reason = string.IsNullOrEmpty(response.ReasonPhrase) ? ((System.Net.HttpStatusCode)status).ToString() : response.ReasonPhrase;
        string message = $"{endpoint} answered HTTP {status} ({reason}): {error.Message ?? "no error message"}";
        ResponseInfo info = ResponseInfo.From(response);
        return new VisionApiException(
            message,
            status,
            error,
            info.RequestId,
            RetryAfterParser.Parse(response.Headers, now),
            duringStream: false)
        {
            Response = info,
        };
    }

    public static VisionApiException FromStreamEvent(JsonElement error, Uri endpoint, string? requestId, ApiCredential? key)
    {
        ApiErrorBody body = Scrub(
            error.ValueKind == JsonValueKind.String
                ? new ApiErrorBody(error.GetString(), null, null, null)
                : ApiErrorParser.Parse(error),
            key);
        string message = $"{endpoint} reported an error in the middle of the answer: {body.Message ?? "no error message"}";
        return new VisionApiException(message, statusCode: null, body, requestId, retryAfter: null, duringStream: true);
    }

    /// <summary>The body with every occurrence of the key masked.</summary>
    public static ApiErrorBody Scrub(ApiErrorBody body, ApiCredential? key) => key is null
        ? body
        : new ApiErrorBody(Scrub(body.Message, key), Scrub(body.Type, key), Scrub(body.Code, key), Scrub(body.Param, key));

    private static string? Scrub(string? text, ApiCredential key) => text is null ? null : key.Scrub(text);
}
