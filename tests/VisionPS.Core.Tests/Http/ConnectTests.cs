using System.Net;
using System.Net.Sockets;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;

namespace VisionPS.Core.Tests.Http;

/// <summary>Connections go through VisionHttp's connect callback (per-request connect timeout).</summary>
public sealed class ConnectTests
{
    [Fact]
    public async Task A_refused_connection_is_a_connection_failure_naming_the_endpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new VisionChatClient(new VisionClientOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}/v1"),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.ListModelsAsync());

        Assert.Equal(ErrorIds.ApiConnectionFailed, ErrorClassifier.Classify(error, null).ErrorId);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }
}
