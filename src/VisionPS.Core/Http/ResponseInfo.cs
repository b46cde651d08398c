using System.Globalization;
using System.Net.Http.Headers;
using VisionPS.Core.Resilience.RateLimits;

namespace VisionPS.Core.Http;

/// <summary>What the response headers said: status, request id and rate-limit state.</summary>
public sealed class ResponseInfo
{
    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "apim-request-id", "x-generation-id"];

    public ResponseInfo(int statusCode, string? requestId, IReadOnlyDictionary<string, string> rateLimits)
    {
        StatusCode = statusCode;
        RequestId = requestId;
        RateLimits = rateLimits;
    }

    public int StatusCode { get; }

    public string? RequestId { get; }

    /// <summary>Every <c>x-ratelimit-*</c> header, lower-cased name → value.</summary>
    public IReadOnlyDictionary<string, string> RateLimits { get; }

    /// <summary><c>x-ratelimit-remaining-requests</c>, when present and a number.</summary>
    public long? RemainingRequests => Count("x-ratelimit-remaining-requests");

    /// <summary><c>x-ratelimit-remaining-tokens</c>, when present and a number.</summary>
    public long? RemainingTokens => Count("x-ratelimit-remaining-tokens");

    /// <summary><c>x-ratelimit-reset-requests</c> (e.g. <c>1s</c>, <c>6m0s</c>), when present and readable.</summary>
    public TimeSpan? ResetRequests => Duration("x-ratelimit-reset-requests");

    /// <summary><c>x-ratelimit-reset-tokens</c>, when present and readable.</summary>
    public TimeSpan? ResetTokens => Duration("x-ratelimit-reset-tokens");

    public static ResponseInfo From(HttpResponseMessage response)
    {
        HttpResponseHeaders headers = response.Headers;
        string? requestId = null;
        foreach (string name in RequestIdHeaders)
        {
            if (headers.TryGetValues(name, out var values))
            {
                requestId = values.FirstOrDefault();
                break;
            }
        }

        var limits = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            if (header.Key.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase))
            {
                limits[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
            }
        }

        return new ResponseInfo((int)response.StatusCode, requestId, limits);
    }

    private long? Count(string header) =>
        RateLimits.TryGetValue(header, out string? value)
        && long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long count)
            ? count
            : null;

    private TimeSpan? Duration(string header) =>
        RateLimits.TryGetValue(header, out string? value) ? RateLimitDuration.Parse(value) : null;
}
