using VisionPS.Core.BatchJobs;
using VisionPS.Core.Http;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;
using VisionPS.TestServer.Batches;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>A test server whose batches run on a frozen clock that only the test moves.</summary>
public sealed class BatchServerFixture : IAsyncLifetime
{
    public const string Key = "sk-batch-KEY-do-not-leak-51c2e8";

    public VisionTestServer Server { get; private set; } = null!;

    public BatchServerOptions Options { get; } = new() { Clock = new FakeTimeProvider() };

    public async Task InitializeAsync() => Server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = Key, Batch = Options });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public BatchApiClient Api() => new(new VisionClientOptions { BaseUrl = Server.BaseUrl, ApiKey = new ApiCredential(Key), Timeout = TimeSpan.FromMinutes(2) });

    /// <summary>Moves the clock past validating, processing and finalizing: every batch so far has ended.</summary>
    public void FinishAll() => Server.BatchClock.Advance(Options.Validating + Options.Processing + Options.Finalizing + TimeSpan.FromSeconds(1));
}
