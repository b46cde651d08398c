using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>Servers started inside the test, so the test controls when they are disposed.</summary>
public sealed class LifecycleTests
{
    private static HttpRequestMessage StreamRequest(VisionTestServer server)
    {
        JsonObject body = Chat.Body("gpt-4o", Chat.Message("user", "hi"));
        body["stream"] = true;
        return new HttpRequestMessage(HttpMethod.Post, $"{server.BaseUrl}/chat/completions")
        {
            Content = new StringContent(body.ToJsonString(), null, "application/json"),
            Headers = { Authorization = new("Bearer", server.ApiKey) },
        };
    }

    [Fact]
    public async Task DisposeAsync_WithStalledStreamInFlight_CompletesAndAbortsTheStream()
    {
        using var http = new HttpClient();
        VisionTestServer server = await VisionTestServer.StartAsync();
        server.EnqueueFault(Fault.Stall(1));
        using HttpResponseMessage response = await http.SendAsync(StreamRequest(server), HttpCompletionOption.ResponseHeadersRead);
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        await using IAsyncEnumerator<SseItem<string>> events = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync()); // role
        Assert.True(await events.MoveNextAsync()); // content chunk 1: the server is now stalled
        Task<bool> pending = events.MoveNextAsync().AsTask();

        await server.DisposeAsync();

        // The stalled handler ended because of the shutdown signal, not through Kestrel's shutdown timeout.
        Assert.Equal(1, server.ShutdownAbortedRequests);
        await Assert.ThrowsAnyAsync<IOException>(() => pending);
    }

    [Fact]
    public async Task DisposeAsync_WithTrickleInFlight_Completes()
    {
        using var http = new HttpClient();
        VisionTestServer server = await VisionTestServer.StartAsync(new TestServerOptions { Framing = StreamFraming.Trickle });
        using HttpResponseMessage response = await http.SendAsync(StreamRequest(server), HttpCompletionOption.ResponseHeadersRead);
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        Assert.NotEqual(-1, stream.ReadByte()); // the trickle has started

        await server.DisposeAsync();

        // Either the trickle finished first or it was cut: the body ends (cleanly or with an IOException), never hangs.
        try
        {
            await stream.CopyToAsync(Stream.Null);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsHarmless()
    {
        VisionTestServer server = await VisionTestServer.StartAsync();
        await server.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_RejectsBadOptions()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VisionTestServer.StartAsync(new TestServerOptions { ChunkChars = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => VisionTestServer.StartAsync(new TestServerOptions { Models = [] }));
    }

    [Fact]
    public async Task TwoServers_GetDifferentPorts()
    {
        await using VisionTestServer a = await VisionTestServer.StartAsync();
        await using VisionTestServer b = await VisionTestServer.StartAsync();
        Assert.NotEqual(a.BaseUrl.Port, b.BaseUrl.Port);
    }
}
