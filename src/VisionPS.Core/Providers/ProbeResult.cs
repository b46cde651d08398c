namespace VisionPS.Core.Providers;

/// <summary>One probe of Test-VisionProvider: what was tried, whether the server took it, and what that means.</summary>
public sealed record ProbeResult(string Probe, bool? Accepted, string Finding)
{
    public override string ToString() => $"{Probe}: {(Accepted switch { true => "accepted", false => "refused", _ => "unknown" })} - {Finding}";
}
