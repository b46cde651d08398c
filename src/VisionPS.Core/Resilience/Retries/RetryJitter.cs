namespace VisionPS.Core.Resilience.Retries;

/// <summary>How the backoff delay is spread so that many clients that failed together do not retry together.</summary>
public enum RetryJitter
{
    /// <summary>A uniform delay between zero and the exponential ceiling (base × 2^(n−1)).</summary>
    Full,

    /// <summary>A uniform delay between the base delay and three times the previous delay.</summary>
    Decorrelated,
}
