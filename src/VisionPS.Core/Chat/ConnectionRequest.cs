using System.Net;
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

    /// <summary>-Provider: a saved profile's name, looked up with <see cref="FindProfile"/>; null = the default profile (unless -BaseUrl is given).</summary>
    public string? ProviderName { get; init; }

    /// <summary>Looks a profile up by name (null = the default profile); throws ProviderNotFound for an unknown name.</summary>
    public Func<string?, ProviderProfile?>? FindProfile { get; init; }

    /// <summary>A profile already chosen (tests, Set-VisionProvider's checks); wins over <see cref="ProviderName"/>.</summary>
    public ProviderProfile? Profile { get; init; }

    /// <summary>Reads a profile's key (environment variable, SecretManagement secret, protected string).</summary>
    public Func<KeyReference, ApiCredential?>? ReadKey { get; init; }

    /// <summary>Environment.GetEnvironmentVariable, or a fake in tests.</summary>
    public required Func<string, string?> Environment { get; init; }

    /// <summary>-AllowUnencryptedHttp: plain http to a host that is not this machine.</summary>
    public bool AllowUnencryptedHttp { get; init; }

    /// <summary>False when nothing will be sent (only the request body is wanted).</summary>
    public bool RequireKey { get; init; } = true;

    /// <summary>-Proxy; null = the profile's, else the environment's.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>-ProxyCredential.</summary>
    public NetworkCredential? ProxyCredential { get; init; }

    /// <summary>-SkipCertificateCheck.</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>-TimeoutSec: how long the server may stay silent; zero = no limit.</summary>
    public TimeSpan Timeout { get; init; } = VisionClientOptions.DefaultTimeout;

    /// <summary>-ConnectTimeoutSec; zero = no limit beyond the system's.</summary>
    public TimeSpan ConnectTimeout { get; init; } = VisionHttp.DefaultConnectTimeout;

    /// <summary>-TotalTimeoutSec: how long one answer may take from sending to its last byte; null = no limit.</summary>
    public TimeSpan? TotalTimeout { get; init; } = ResponseLimits.Default.MaxResponseTime;
}
