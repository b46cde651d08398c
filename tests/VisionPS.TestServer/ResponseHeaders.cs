using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer;

/// <summary>
/// Headers every response carries, as OpenAI sends them (vision-api-facts §1.8): <c>x-request-id: req_N</c>,
/// <c>x-ratelimit-{limit,remaining,reset}-{requests,tokens}</c> (reset values are Go-style durations such as
/// "1s" and "6m0s"), <c>openai-version</c> and <c>openai-processing-ms</c>.
/// remaining-requests = 10000 − N (never below 0); a 429 fault sets it to 0.
/// </summary>
internal static class ResponseHeaders
{
    public const int RequestLimit = 10000;
    public const int TokenLimit = 2000000;

    public static void Apply(HttpContext context, long number)
    {
        IHeaderDictionary h = context.Response.Headers;
        h["x-request-id"] = "req_" + number.ToString(CultureInfo.InvariantCulture);
        h["openai-version"] = "2020-10-01";
        h["openai-processing-ms"] = "1";
        h["x-ratelimit-limit-requests"] = RequestLimit.ToString(CultureInfo.InvariantCulture);
        h["x-ratelimit-remaining-requests"] = Math.Max(0, RequestLimit - number).ToString(CultureInfo.InvariantCulture);
        h["x-ratelimit-reset-requests"] = "1s";
        h["x-ratelimit-limit-tokens"] = TokenLimit.ToString(CultureInfo.InvariantCulture);
        h["x-ratelimit-remaining-tokens"] = (TokenLimit - 1000).ToString(CultureInfo.InvariantCulture);
        h["x-ratelimit-reset-tokens"] = "6m0s";
    }
}
