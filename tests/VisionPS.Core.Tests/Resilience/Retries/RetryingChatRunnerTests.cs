using System.Text;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Resilience.Retries;
using VisionPS.Core.Tests.EndToEnd;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Resilience.Retries;

/// <summary>Retries against the real test server; every wait is jumped over by a fake clock.</summary>
public class RetryingChatRunnerTests : IClassFixture<ServerFixture>
{
    private const string Prompt = "Retry me.";
    private readonly ServerFixture _f;
    private readonly FakeTimeProvider _clock = new();
    private readonly List<RetryNotice> _notices = [];

    /// <summary>Everything onText and onRetry saw, in order; a retry shows as "|RETRY|".</summary>
    private readonly StringBuilder _seen = new();

    public RetryingChatRunnerTests(ServerFixture fixture) => _f = fixture;

    private static string Expected => VisionTestServer.ExpectedText("gpt-4o", 1, Prompt);

    private int RequestsSoFar => _f.Server.Requests.Count;

    private async Task<ChatResult> RunAsync(RetryOptions? options = null, bool stream = true, VisionChatClient? client = null, CancellationToken cancellationToken = default)
    {
        var runner = new RetryingChatRunner(new ChatRunner(client ?? _f.Client()), options ?? new RetryOptions { Random = new Random(7) }, _clock);
        var call = ChatCallBuilder.Build(_f.Settings(stream: stream), Prompt, []);
        return await _clock.DriveAsync(runner.RunAsync(
            call,
            t => _seen.Append(t),
            n =>
            {
                _notices.Add(n);
                _seen.Append("|RETRY|");
            },
            cancellationToken));
    }

    /// <summary>The text handed out after the last retry: what a consumer shows once it ended the partial line.</summary>
    private string TextAfterLastRetry => _seen.ToString().Split("|RETRY|")[^1];

    [Fact]
    public async Task RateLimited_WithRetryAfter_WaitsThatLongAndAnswersOnce()
    {
        _f.Server.EnqueueFault(Fault.RateLimited(TimeSpan.FromSeconds(2)));
        int before = RequestsSoFar;

        ChatResult result = await RunAsync();

        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, RequestsSoFar - before);
        Assert.Equal([TimeSpan.FromSeconds(2)], _clock.Jumps);
        RetryNotice notice = Assert.Single(_notices);
        Assert.Equal((1, 2, 4), (notice.Attempt, notice.NextAttempt, notice.MaximumAttempts));
        Assert.Equal(TimeSpan.FromSeconds(2), notice.Delay);
        Assert.True(notice.DelayFromServer);
        Assert.Equal(ErrorIds.ApiRateLimited, notice.ErrorId);
        Assert.Contains("HTTP 429", notice.Message);
        Assert.Contains("Retrying in 2 s as the server asked", notice.ToString());
        Assert.Equal(Expected, result.Text);
        Assert.Equal("|RETRY|" + Expected, _seen.ToString());
    }

    [Fact]
    public async Task RetryAfterMs_WinsOverTheRoundedSeconds()
    {
        // The server sends retry-after-ms: 1500 and retry-after: 2.
        _f.Server.EnqueueFault(Fault.Status(429, retryAfter: TimeSpan.FromMilliseconds(1500)));

        ChatResult result = await RunAsync();

        Assert.Equal(2, result.Attempts);
        Assert.Equal([TimeSpan.FromMilliseconds(1500)], _clock.Jumps);
        Assert.Equal(Expected, result.Text);
    }

    [Fact]
    public async Task RetryAfter_AsAnHttpDate_IsHonoured()
    {
        _f.Server.EnqueueFault(Fault.RateLimited(TimeSpan.FromSeconds(3)));
        var handler = new RetryAfterAsDateHandler(_clock, TimeSpan.FromSeconds(7));
        using var client = new VisionChatClient(new VisionClientOptions { BaseUrl = _f.Server.BaseUrl, ApiKey = new ApiCredential(ServerFixture.Key) }, handler, _clock);

        ChatResult result = await RunAsync(client: client);

        Assert.Equal(1, handler.Rewritten);
        Assert.Equal(2, result.Attempts);
        Assert.Equal([TimeSpan.FromSeconds(7)], _clock.Jumps);
        Assert.Equal(Expected, result.Text);
    }

    [Fact]
    public async Task RetryAfter_BeyondTheCap_IsNotRetried_AndTheOriginalErrorSaysWhy()
    {
        _f.Server.EnqueueFault(Fault.RateLimited(TimeSpan.FromSeconds(90)));
        int before = RequestsSoFar;

        var error = await Assert.ThrowsAsync<VisionApiException>(() => RunAsync(new RetryOptions { MaximumRetryWait = TimeSpan.FromSeconds(60) }));

        Assert.Equal(1, RequestsSoFar - before);
        Assert.Empty(_notices);
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
        Assert.Equal(ErrorIds.ApiRateLimited, ErrorClassifier.Classify(error, null).ErrorId);
        Assert.Contains("HTTP 429", error.Message);
        Assert.Contains("Not retried: the server asked to wait 90 s, longer than the limit of 60 s", error.Message);
    }

    public static TheoryData<string, bool> TransientFaults => new()
    {
        { "500", true },
        { "503", true },
        { "502 html", true },
        { "408", true },
        { "409", true },
        { "cut stream", true },
        { "cut body", false },
        { "error event", true },
    };

    private static Fault TransientFault(string name) => name switch
    {
        "500" => Fault.Status(500),
        "503" => Fault.Status(503),
        "502 html" => Fault.Status(502, rawBody: "<html><body>Bad gateway</body></html>"),
        "408" => Fault.Status(408),
        "409" => Fault.Status(409),
        "cut stream" or "cut body" => Fault.CutStream(3),
        "error event" => Fault.ErrorEvent(2),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task TransientFailures_AreRetried_AndTheTextComesOnce(string fault, bool stream)
    {
        _f.Server.EnqueueFault(TransientFault(fault));
        int before = RequestsSoFar;

        ChatResult result = await RunAsync(stream: stream);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, RequestsSoFar - before);
        RetryNotice notice = Assert.Single(_notices);
        Assert.False(notice.DelayFromServer);
        Assert.Equal([notice.Delay], _clock.Jumps);
        Assert.Equal(Expected, result.Text);
        Assert.Equal(Expected, TextAfterLastRetry);
    }

    [Fact]
    public async Task CutStream_AfterTextArrived_TellsTheConsumerBeforeStartingAgain()
    {
        _f.Server.EnqueueFault(Fault.CutStream(3));

        ChatResult result = await RunAsync();

        string[] parts = _seen.ToString().Split("|RETRY|");
        Assert.Equal(2, parts.Length);
        Assert.NotEmpty(parts[0]);
        Assert.StartsWith(parts[0], Expected, StringComparison.Ordinal);
        Assert.Equal(Expected, parts[1]);
        Assert.Equal(Expected, result.Text);
        Assert.Equal(ErrorIds.StreamInterrupted, Assert.Single(_notices).ErrorId);
    }

    [Fact]
    public async Task StalledStream_TimesOutAndIsRetried()
    {
        _f.Server.EnqueueFault(Fault.Stall(2));
        using var client = _f.Client(timeout: TimeSpan.FromMilliseconds(300));

        ChatResult result = await RunAsync(client: client);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(ErrorIds.ApiTimeout, Assert.Single(_notices).ErrorId);
        Assert.IsType<ApiTimeoutException>(_notices[0].Error);
        Assert.Equal(Expected, result.Text);
        Assert.Equal(Expected, TextAfterLastRetry);
    }

    public static TheoryData<string> PermanentFaults => ["400", "401", "403", "404", "413", "422", "insufficient_quota", "error event"];

    private static Fault PermanentFault(string name) => name switch
    {
        "insufficient_quota" => Fault.Status(429, "You exceeded your current quota.", "insufficient_quota", "insufficient_quota", TimeSpan.FromSeconds(1)),
        "error event" => Fault.ErrorEvent(1, "Bad input.", "invalid_request_error"),
        _ => Fault.Status(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(PermanentFaults))]
    public async Task PermanentFailures_AreNotRetried(string fault)
    {
        _f.Server.EnqueueFault(PermanentFault(fault));
        int before = RequestsSoFar;

        var error = await Assert.ThrowsAsync<VisionApiException>(() => RunAsync());

        Assert.Equal(1, RequestsSoFar - before);
        Assert.Empty(_notices);
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
        Assert.Equal(fault == "error event", error.DuringStream);
    }

    [Fact]
    public async Task MaximumRetryCountZero_SendsOnce()
    {
        _f.Server.EnqueueFault(Fault.Status(503));
        int before = RequestsSoFar;

        var error = await Assert.ThrowsAsync<VisionApiException>(() => RunAsync(new RetryOptions { MaximumRetryCount = 0 }));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, RequestsSoFar - before);
        Assert.Empty(_notices);
    }

    [Fact]
    public async Task RetriesExhausted_ThrowTheLastError_AfterCountPlusOneAttempts()
    {
        _f.Server.EnqueueFault(Fault.Status(503, "first"));
        _f.Server.EnqueueFault(Fault.Status(500, "second"));
        _f.Server.EnqueueFault(Fault.Status(502, "third"));
        int before = RequestsSoFar;

        var error = await Assert.ThrowsAsync<VisionApiException>(() => RunAsync(new RetryOptions { MaximumRetryCount = 2, Random = new Random(3) }));

        Assert.Equal(3, RequestsSoFar - before);
        Assert.Equal(502, error.StatusCode);
        Assert.Equal("third", error.ServerMessage);
        Assert.Equal([1, 2], _notices.Select(n => n.Attempt));
        Assert.All(_notices, n => Assert.Equal(3, n.MaximumAttempts));
    }

    [Fact]
    public async Task BackoffDelays_FollowTheSeededSequence_AndAreWhatTheClockWaited()
    {
        for (int i = 0; i < 3; i++)
        {
            _f.Server.EnqueueFault(Fault.Status(500));
        }

        var options = new RetryOptions { Random = new Random(11), MaximumRetryWait = TimeSpan.FromSeconds(3) };
        var reference = new RetryBackoff(new RetryOptions { Random = new Random(11), MaximumRetryWait = TimeSpan.FromSeconds(3) });
        TimeSpan[] expected = [reference.Next(1), reference.Next(2), reference.Next(3)];

        ChatResult result = await RunAsync(options);

        Assert.Equal(4, result.Attempts);
        Assert.Equal(expected, _notices.Select(n => n.Delay));
        Assert.Equal(expected, _clock.Jumps);
        Assert.Equal(Expected, result.Text);
    }

    [Fact]
    public async Task CancellingDuringAWait_EndsAtOnce_WithoutTheClockMoving()
    {
        _f.Server.EnqueueFault(Fault.RateLimited(TimeSpan.FromSeconds(30)));
        int before = RequestsSoFar;
        using var cts = new CancellationTokenSource();
        var runner = new RetryingChatRunner(new ChatRunner(_f.Client()), new RetryOptions(), _clock);
        Task<ChatResult> run = runner.RunAsync(ChatCallBuilder.Build(_f.Settings(), Prompt, []), null, _notices.Add, cts.Token);

        await Task.WhenAny(run, _clock.WhenTimerArmedAsync());
        Assert.False(run.IsCompleted);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
        Assert.Single(_notices);
        Assert.Equal(1, RequestsSoFar - before);
    }

    /// <summary>Rewrites the server's retry hint into the HTTP-date form, as some gateways send it.</summary>
    private sealed class RetryAfterAsDateHandler(TimeProvider clock, TimeSpan wait) : DelegatingHandler(new SocketsHttpHandler())
    {
        public int Rewritten { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.Remove("retry-after-ms") && response.Headers.Remove("retry-after"))
            {
                response.Headers.TryAddWithoutValidation("retry-after", (clock.GetUtcNow() + wait).ToString("r", System.Globalization.CultureInfo.InvariantCulture));
                Rewritten++;
            }

            return response;
        }
    }
}
