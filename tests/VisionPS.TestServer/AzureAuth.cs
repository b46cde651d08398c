using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer;

/// <summary>Azure OpenAI's checks: the <c>api-key</c> header, the <c>api-version</c> query and the deployment, with Azure's error wording.</summary>
internal static class AzureAuth
{
    public const string DeniedMessage =
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";

    /// <summary>The error to send for the api-key header, or null when it is right (any non-empty key when none is configured).</summary>
    public static ApiError? CheckKey(HttpRequest request, string? apiKey)
    {
        string? given = request.Headers["api-key"].Count == 1 ? request.Headers["api-key"][0] : null;
        if (string.IsNullOrWhiteSpace(given)
            || (apiKey is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.Trim()), Encoding.UTF8.GetBytes(apiKey))))
        {
            return new ApiError(401, DeniedMessage, ApiError.InvalidRequestType, null, "401");
        }

        return null;
    }

    /// <summary>Azure answers a missing api-version with 404 (the data-plane files and batches routes too).</summary>
    public static ApiError? CheckApiVersion(HttpRequest request) =>
        string.IsNullOrEmpty(request.Query["api-version"]) ? new ApiError(404, "Resource not found", ApiError.InvalidRequestType, null, "404") : null;

    /// <summary>Azure answers a missing api-version, or a deployment it does not have, with 404.</summary>
    public static ApiError? CheckDeployment(HttpRequest request, string deployment, IEnumerable<ServedModel> models)
    {
        if (CheckApiVersion(request) is { } missing)
        {
            return missing;
        }

        if (!models.Any(m => m.Id == deployment))
        {
            return new ApiError(404, "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.", ApiError.InvalidRequestType, null, "DeploymentNotFound");
        }

        return null;
    }
}
