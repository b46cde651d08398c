using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> check (scheme case-insensitive). Failures are 401
/// invalid_request_error / invalid_api_key; the message never repeats any part of the key that was sent.
/// </summary>
internal static class BearerAuth
{
    public const string MissingMessage =
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.";

    public const string IncorrectMessage =
        "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.";

    /// <summary>The error to send, or null when the request may proceed.</summary>
    public static ApiError? Check(HttpRequest request, string? apiKey)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized(MissingMessage);
        }

        string token = header["Bearer ".Length..].Trim();
        if (token.Length == 0)
        {
            return Unauthorized(MissingMessage);
        }

        if (apiKey is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(apiKey)))
        {
            return Unauthorized(IncorrectMessage);
        }

        return null;
    }

    private static ApiError Unauthorized(string message) => new(401, message, ApiError.InvalidRequestType, null, "invalid_api_key");
}
