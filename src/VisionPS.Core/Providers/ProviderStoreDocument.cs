namespace VisionPS.Core.Providers;

/// <summary>The shape of providers.json: the default profile's name and every profile.</summary>
public sealed class ProviderStoreDocument
{
    public int Version { get; set; } = 1;

    public string? Default { get; set; }

    public List<ProviderProfile> Profiles { get; set; } = [];
}
