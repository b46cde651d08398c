namespace VisionPS.Core.Resilience.RateLimits;

/// <summary>One admitted request in the sliding window; its tokens change when the actual usage is known.</summary>
internal sealed class WindowEntry(DateTimeOffset start, int tokens)
{
    public DateTimeOffset Start { get; } = start;

    public int Tokens { get; set; } = tokens;

    public bool InWindow { get; set; } = true;
}
