namespace VisionPS.Core.Providers;

/// <summary>One named connection, as stored in providers.json. Holds no key, only where to find it.</summary>
public sealed record ProviderProfile
{
    public required string Name { get; init; }

    public ProviderKind Kind { get; init; } = ProviderKind.Generic;

    /// <summary>The API root; for Azure classic (with <see cref="Deployment"/>) the resource root, https://NAME.openai.azure.com.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The model used when -Model is not given (for Azure: the deployment name).</summary>
    public string? Model { get; init; }

    public KeyReference Key { get; init; } = KeyReference.None;

    /// <summary>Null = the kind's header (api-key for Azure, Bearer for everyone else).</summary>
    public ApiKeyHeader? KeyHeader { get; init; }

    /// <summary>Azure classic: requests go to /openai/deployments/{Deployment}/chat/completions?api-version=…</summary>
    public string? Deployment { get; init; }

    public string? ApiVersion { get; init; }

    /// <summary>Overrides of the kind's quirks (null fields inherit).</summary>
    public ProviderQuirks? Quirks { get; init; }

    /// <summary>Allow plain http to a host that is not this machine.</summary>
    public bool AllowUnencryptedHttp { get; init; }

    /// <summary>Allow VisionPS to download image URLs from loopback, private and link-local addresses when inlining.</summary>
    public bool AllowPrivateImageUrls { get; init; }

    public string? Proxy { get; init; }

    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    /// <summary>Chat requests through this profile use the answer cache as with -Cache (issue 19).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cache { get; init; }

    /// <summary>The journal keeps only hashes of prompts sent through this profile, as with -Private.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool PrivateHistory { get; init; }

    /// <summary>When Test-VisionProvider last probed this server (its findings are in <see cref="Quirks"/>).</summary>
    public DateTimeOffset? TestedAt { get; init; }

    /// <summary>True for the default profile (set when listed; not stored in the profile itself).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDefault { get; init; }

    /// <summary>The base URL requests go to: the profile's own, else its kind's preset root (null for Generic without one).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? EffectiveBaseUrl => BaseUrl ?? ProviderPresets.For(Kind).BaseUrl;

    /// <summary>The kind's preset quirks with this profile's overrides on top, every field set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ProviderQuirks EffectiveQuirks => ProviderPresets.For(Kind).Quirks.Over(Quirks).Effective();

    [System.Text.Json.Serialization.JsonIgnore]
    public ApiKeyHeader EffectiveKeyHeader => KeyHeader ?? ProviderPresets.For(Kind).KeyHeader;

    [System.Text.Json.Serialization.JsonIgnore]
    public string? EffectiveApiVersion => ApiVersion ?? (Deployment is null ? null : ProviderPresets.For(Kind).ApiVersion ?? ProviderPresets.DefaultAzureApiVersion);
}
