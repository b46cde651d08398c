namespace VisionPS.Core.Providers;

/// <summary>What Test-VisionProvider learned about a server, and whether it was saved in the profile.</summary>
public sealed class ProviderTestReport
{
    public string? Provider { get; init; }

    public required Uri BaseUrl { get; init; }

    public required string Model { get; init; }

    public required IReadOnlyList<ProbeResult> Probes { get; init; }

    /// <summary>The quirks found; null fields were not learned (the kind's presets stay in force for them).</summary>
    public required ProviderQuirks Learned { get; init; }

    /// <summary>True when the findings were written into the profile.</summary>
    public bool Saved { get; set; }

    public DateTimeOffset TestedAt { get; init; }
}
