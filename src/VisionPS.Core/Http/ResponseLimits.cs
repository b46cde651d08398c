namespace VisionPS.Core.Http;

/// <summary>Caps on what a server may send, so a broken or hostile one ends with an error instead of eating memory.</summary>
public sealed record ResponseLimits
{
    public static ResponseLimits Default { get; } = new();

    /// <summary>A whole (non-streamed) answer or model list: 16 MiB; real ones are a few KiB.</summary>
    public long MaxBodyBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>All bytes of one streamed answer: 64 MiB.</summary>
    public long MaxStreamBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>One line of a stream (an SSE field): 1 MiB. Also ends a server that sends data forever without a newline.</summary>
    public int MaxLineBytes { get; init; } = 1024 * 1024;

    /// <summary>All response headers together, in KiB (SocketsHttpHandler's unit): 64 KiB.</summary>
    public int MaxHeaderKilobytes { get; init; } = 64;

    /// <summary>The longest one response may take from sending to its last byte; null = no limit. Ends slow trickles that stay under the idle timeout.</summary>
    public TimeSpan? MaxResponseTime { get; init; } = TimeSpan.FromMinutes(30);
}
