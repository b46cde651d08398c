namespace VisionPS.Core.Providers;

/// <summary>What VisionPS knows about one kind of provider before anyone configures it.</summary>
public sealed record ProviderPreset(
    ProviderKind Kind,
    string? BaseUrl,
    string? KeyVariable,
    ProviderQuirks Quirks,
    ApiKeyHeader KeyHeader = ApiKeyHeader.Bearer,
    string? ApiVersion = null)
{
    /// <summary>True for servers that run on the user's machine and need no key.</summary>
    public bool Local => BaseUrl?.StartsWith("http://localhost", StringComparison.OrdinalIgnoreCase) == true;
}
