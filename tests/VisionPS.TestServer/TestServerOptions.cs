namespace VisionPS.TestServer;

/// <summary>Settings for one <see cref="VisionTestServer"/>.</summary>
public sealed class TestServerOptions
{
    /// <summary>The only bearer key accepted. <c>null</c> (or empty) accepts any non-empty bearer key.</summary>
    public string? ApiKey { get; init; } = "test-key";

    /// <summary>Files served at <c>GET /_test/files/{name}</c> as application/octet-stream (images for URL-download tests).</summary>
    public IReadOnlyDictionary<string, byte[]> ServedFiles { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>Most images (over all messages) one chat request may carry.</summary>
    public int MaxImagesPerRequest { get; init; } = 8;

    /// <summary>Models listed by <c>GET /v1/models</c> and accepted by chat requests.</summary>
    public IReadOnlyList<ServedModel> Models { get; init; } = ServedModel.Defaults;

    /// <summary>Framing of streamed answers until <see cref="VisionTestServer.Framing"/> is changed.</summary>
    public StreamFraming Framing { get; init; } = StreamFraming.Lf;

    /// <summary>Characters (Unicode scalar values, not bytes or UTF-16 units) per streamed content delta.</summary>
    public int ChunkChars { get; init; } = 8;

    /// <summary>Faults drawn at random for requests with no queued fault; null = none.</summary>
    public FaultMix? RandomFaults { get; init; }

    /// <summary>Time every chat request waits before it is answered (benchmarks of concurrency).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Strict OpenAI behaviour, or a llama.cpp-like server (see <see cref="ServerMode"/>).</summary>
    public ServerMode Mode { get; init; } = ServerMode.Strict;

    /// <summary>Serve https with this certificate (tests of certificate checks and https-to-http redirects); null = plain http.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }
    /// <summary>The /v1/files and /v1/batches side: limits and the clock batches run on.</summary>
    public Batches.BatchServerOptions Batch { get; init; } = new();
}
