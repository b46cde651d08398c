using System.Net;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Resilience.Retries;

namespace VisionPS.Core.Tests.Resilience.Retries;

public class RetryClassifierTests
{
    private static VisionApiException Api(int? status, string? code = null, string? type = null, bool duringStream = false) =>
        new("failed", status, new ApiErrorBody("failed", type, code, null), "req_1", null, duringStream);

    [Theory]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(529)]
    public void TransientStatuses_AreRetried(int status) => Assert.True(RetryClassifier.IsRetryable(Api(status)));

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(405)]
    [InlineData(413)]
    [InlineData(422)]
    public void OtherClientErrors_AreNotRetried(int status) => Assert.False(RetryClassifier.IsRetryable(Api(status)));

    [Fact]
    public void InsufficientQuota_IsNotRetried_ButOtherRateLimitsAre()
    {
        Assert.False(RetryClassifier.IsRetryable(Api(429, code: "insufficient_quota", type: "insufficient_quota")));
        Assert.True(RetryClassifier.IsRetryable(Api(429, code: "rate_limit_exceeded", type: "requests")));
    }

    [Theory]
    [InlineData("server_error", null, true)]
    [InlineData(null, "server_error", true)]
    [InlineData("invalid_request_error", null, false)]
    [InlineData(null, null, false)]
    public void StreamErrorEvents_AreRetriedOnlyWhenMarkedAsServerErrors(string? type, string? code, bool retried) =>
        Assert.Equal(retried, RetryClassifier.IsRetryable(Api(null, code, type, duringStream: true)));

    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new HttpRequestException("refused", new System.Net.Sockets.SocketException(111)), true },
        { new HttpIOException(HttpRequestError.ResponseEnded, "ended early"), true },
        { new ApiTimeoutException(new Uri("http://x.test/v1"), TimeSpan.FromSeconds(1), waitingForHeaders: false), true },
        { new StreamInterruptedException("cut"), true },
        { new ApiKeyMissingException(new Uri("https://api.example.com/v1")), false },
        { new VisionArgumentException(ErrorIds.InvalidInput, "bad", "fix it"), false },
        { new ApiProtocolException("not json"), false },
        { new OperationCanceledException(), false },
        { new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Exceptions_AreRetriedOnlyWhenTransient(Exception exception, bool retried) =>
        Assert.Equal(retried, RetryClassifier.IsRetryable(exception));

    [Fact]
    public void NothingIsRetried_OnceTheCallerCancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.False(RetryClassifier.IsRetryable(Api(503), cts.Token));
        Assert.False(RetryClassifier.IsRetryable(new HttpRequestException("x", null, HttpStatusCode.BadGateway), cts.Token));
        Assert.True(RetryClassifier.IsRetryable(Api(503), CancellationToken.None));
    }
}
