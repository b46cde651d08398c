using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Providers;

/// <summary>
/// Each hostile fault of the test server ends with a clear, classified error instead of hanging or eating memory.
/// (Peak working set is measured in tests/pester/HostileServers.Tests.ps1, in a process of its own.)
/// </summary>
public sealed class HostileServerTests : IAsyncLifetime
{
    private VisionTestServer _server = null!;

    public async Task InitializeAsync() => _server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = null });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<Exception> FailAsync(Fault fault, bool stream, ResponseLimits? limits = null, TimeSpan? idle = null)
    {
        _server.EnqueueFault(fault);
        using var client = new VisionChatClient(new VisionClientOptions
        {
            BaseUrl = _server.BaseUrl,
            ApiKey = new ApiCredential("any"),
            Timeout = idle ?? TimeSpan.FromSeconds(30),
            Limits = limits ?? ResponseLimits.Default,
        });
        ChatCall call = ChatCallBuilder.Build(new ChatSettings { BaseUrl = _server.BaseUrl, Model = "gpt-4o", Stream = stream }, "Hello", []);
        return await Assert.ThrowsAnyAsync<Exception>(() => new ChatRunner(client).RunAsync(call, null));
    }

    private static string Id(Exception ex) => ErrorClassifier.Classify(ex, null).ErrorId;

    [Fact]
    public async Task EndlessStream_StopsAtTheStreamCap()
    {
        Exception ex = await FailAsync(Fault.EndlessStream(), stream: true, ResponseLimits.Default with { MaxStreamBytes = 4L * 1024 * 1024 });

        Assert.IsType<ResponseTooLargeException>(ex);
        Assert.Equal(ErrorIds.ApiResponseTooLarge, Id(ex));
        Assert.Contains("4 MiB", ex.Message);
    }

    [Fact]
    public async Task EndlessLine_StopsAtTheLineCap()
    {
        Exception ex = await FailAsync(Fault.EndlessLine(), stream: true);

        Assert.IsType<ResponseTooLargeException>(ex);
        Assert.Contains("line longer than 1 MiB", ex.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TenGigabyteBody_IsNotRead(bool declareLength)
    {
        Exception ex = await FailAsync(Fault.HugeBody(declareLength), stream: false);

        Assert.IsType<ResponseTooLargeException>(ex);
        Assert.Equal(ErrorIds.ApiResponseTooLarge, Id(ex));
        Assert.Contains(declareLength ? "announced" : "16 MiB", ex.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeepJson_IsAProtocolError(bool stream)
    {
        Exception ex = await FailAsync(Fault.DeepJson(), stream);

        Assert.IsType<ApiProtocolException>(ex);
        Assert.Equal(ErrorIds.StreamProtocolError, Id(ex));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InvalidUtf8_IsAProtocolError(bool stream)
    {
        Exception ex = await FailAsync(Fault.InvalidUtf8(), stream);

        Assert.IsType<ApiProtocolException>(ex);
        Assert.Equal(ErrorIds.StreamProtocolError, Id(ex));
    }

    [Fact]
    public async Task GiantHeaders_AreRefused()
    {
        Exception ex = await FailAsync(Fault.GiantHeaders(256), stream: false);

        Assert.Equal(ErrorIds.ApiResponseTooLarge, Id(ex));
    }

    [Fact]
    public async Task Slowloris_UnderTheIdleTimeout_EndsAtTheOverallLimit()
    {
        Exception ex = await FailAsync(Fault.Slowloris(TimeSpan.FromMilliseconds(100)), stream: true, ResponseLimits.Default with { MaxResponseTime = TimeSpan.FromSeconds(2) }, idle: TimeSpan.FromSeconds(1));

        var timeout = Assert.IsType<ApiTimeoutException>(ex);
        Assert.True(timeout.Overall);
        Assert.Equal(ErrorIds.ApiTimeout, Id(ex));
        Assert.False(global::VisionPS.Core.Resilience.Retries.RetryClassifier.IsRetryable(ex));
    }
}
