using System.Net.Http.Headers;

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
}
