using Microsoft.Extensions.Hosting;

namespace VisionPS.TestServer;

/// <summary>Host lifetime for servers started from tests: no Ctrl+C/SIGTERM hooks, no console messages.</summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
