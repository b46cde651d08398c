using VisionPS.Core.Http;
using VisionPS.Core.Providers;

namespace VisionPS.Core.Chat;

/// <summary>What the user gave for one command: parameters, the chosen profile, and how to read keys and variables.</summary>
public sealed class ConnectionRequest
{
    /// <summary>-BaseUrl, or null.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>-ApiKey, or null.</summary>
    public ApiCredential? ApiKey { get; init; }

    /// <summary>-Provider's profile, or the default profile; null = parameters and environment only.</summary>
    public ProviderProfile? Profile { get; init; }

    /// <summary>Reads a profile's key (environment variable, SecretManagement secret, protected string).</summary>
    public Func<KeyReference, ApiCredential?>? ReadKey { get; init; }

    /// <summary>Environment.GetEnvironmentVariable, or a fake in tests.</summary>
    public required Func<string, string?> Environment { get; init; }

    /// <summary>-AllowUnencryptedHttp: plain http to a host that is not this machine.</summary>
    public bool AllowUnencryptedHttp { get; init; }

    /// <summary>False when nothing will be sent (only the request body is wanted).</summary>
    public bool RequireKey { get; init; } = true;
}
