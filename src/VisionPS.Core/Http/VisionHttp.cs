using System.Net;

namespace VisionPS.Core.Http;

/// <summary>One connection pool for the whole process, shared by every command, as HttpClient guidance advises.</summary>
public static class VisionHttp
{
    private static readonly Lazy<SocketsHttpHandler> Shared = new(() => new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    });

    public static HttpMessageHandler SharedHandler => Shared.Value;

    public static string UserAgent { get; } = "VisionPS/" + typeof(VisionHttp).Assembly.GetName().Version?.ToString(3);
}
