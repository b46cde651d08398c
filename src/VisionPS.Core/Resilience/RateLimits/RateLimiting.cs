using VisionPS.Core.Models;

namespace VisionPS.Core.Resilience.RateLimits;

/// <summary>Picks the client-side limits for a run: the user's, else the model catalog's, else none.</summary>
public static class RateLimiting
{
    /// <returns>A limiter, or null when no limit is known.</returns>
    public static RequestRateLimiter? CreateLimiter(int? requestsPerMinute, int? tokensPerMinute, ModelInfo? model, TimeProvider? time = null)
    {
        var options = new RateLimitOptions
        {
            RequestsPerMinute = requestsPerMinute ?? model?.RateLimits.Rpm,
            TokensPerMinute = tokensPerMinute ?? model?.RateLimits.Tpm,
        };
        return options.HasLocalLimits ? new RequestRateLimiter(options, time) : null;
    }
}
