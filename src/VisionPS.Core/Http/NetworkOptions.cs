using System.Net;

namespace VisionPS.Core.Http;

/// <summary>How to reach the server: proxy, certificate checks, redirects. Defaults use HTTPS_PROXY/NO_PROXY.</summary>
public sealed record NetworkOptions
{
    public static NetworkOptions Default { get; } = new();

    /// <summary>An explicit proxy; null = the environment's (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY; the system's on Windows).</summary>
    public Uri? Proxy { get; init; }

    public NetworkCredential? ProxyCredential { get; init; }

    /// <summary>Accept any TLS certificate. Only by an explicit switch.</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>Redirects followed per request; the key goes only to the origin the request was addressed to.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>True when the shared, process-wide connection pool fits (no proxy or TLS setting of its own).</summary>
    public bool UsesSharedPool => Proxy is null && ProxyCredential is null && !SkipCertificateCheck;
}
