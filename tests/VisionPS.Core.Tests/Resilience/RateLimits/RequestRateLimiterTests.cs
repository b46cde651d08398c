using VisionPS.Core.Http;
using VisionPS.Core.Resilience.RateLimits;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Resilience.RateLimits;

public class RequestRateLimiterTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _time = new(T0);

    [Fact]
    public async Task The_601st_request_at_600_rpm_waits_until_the_first_leaves_the_window()
    {
        var limiter = Limiter(rpm: 600);
        for (int i = 0; i < 300; i++)
        {
            Assert.True(limiter.AcquireAsync(0, default).IsCompleted);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 300; i++)
        {
            Assert.True(limiter.AcquireAsync(0, default).IsCompleted);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        var waiting = limiter.AcquireAsync(0, default);
        _time.Advance(TimeSpan.FromSeconds(40) - Tick);
        Assert.False(waiting.IsCompleted);

        _time.Advance(Tick);
        var lease = await Finished(waiting);
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), lease.AcquiredAt);
        Assert.Equal(TimeSpan.FromSeconds(40), lease.Waited);
    }

    [Fact]
    public async Task Estimates_over_the_token_budget_wait_for_the_oldest_to_expire()
    {
        var limiter = Limiter(tpm: 1_000);
        await limiter.AcquireAsync(400, default);
        _time.Advance(TimeSpan.FromSeconds(5));
        await limiter.AcquireAsync(400, default);

        var waiting = limiter.AcquireAsync(300, default);
        _time.Advance(TimeSpan.FromSeconds(55) - Tick);
        Assert.False(waiting.IsCompleted);

        _time.Advance(Tick);
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), (await Finished(waiting)).AcquiredAt);
    }

    [Fact]
    public async Task Smaller_actual_usage_frees_budget_at_once()
    {
        var limiter = Limiter(tpm: 1_000);
        var first = await limiter.AcquireAsync(800, default);
        var waiting = limiter.AcquireAsync(500, default);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted);

        first.Complete(300);

        Assert.Equal(T0 + TimeSpan.FromSeconds(10), (await Finished(waiting)).AcquiredAt);
    }

    [Fact]
    public async Task Completing_without_usage_keeps_the_estimate()
    {
        var limiter = Limiter(tpm: 1_000);
        var first = await limiter.AcquireAsync(800, default);
        var waiting = limiter.AcquireAsync(500, default);

        first.Complete(null);
        first.Complete(100); // only the first call counts
        _time.Advance(TimeSpan.FromSeconds(60) - Tick);
        Assert.False(waiting.IsCompleted);

        _time.Advance(Tick);
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), (await Finished(waiting)).AcquiredAt);
    }

    [Fact]
    public async Task Larger_actual_usage_holds_later_requests_longer()
    {
        var limiter = Limiter(tpm: 1_000);
        var first = await limiter.AcquireAsync(100, default);
        first.Complete(900);
        _time.Advance(TimeSpan.FromSeconds(1));

        var waiting = limiter.AcquireAsync(200, default);
        _time.Advance(TimeSpan.FromSeconds(59) - Tick);
        Assert.False(waiting.IsCompleted);

        _time.Advance(Tick);
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), (await Finished(waiting)).AcquiredAt);
    }

    [Fact]
    public async Task A_request_over_the_whole_budget_passes_alone_when_the_window_is_empty()
    {
        var limiter = Limiter(tpm: 1_000);
        var small = await limiter.AcquireAsync(100, default);
        Assert.Equal(T0, small.AcquiredAt);

        var oversized = limiter.AcquireAsync(5_000, default);
        var after = limiter.AcquireAsync(10, default);
        _time.Advance(TimeSpan.FromSeconds(60) - Tick);
        Assert.False(oversized.IsCompleted);

        _time.Advance(Tick);
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), (await Finished(oversized)).AcquiredAt);

        _time.Advance(TimeSpan.FromSeconds(60) - Tick);
        Assert.False(after.IsCompleted);
        _time.Advance(Tick);
        Assert.Equal(T0 + TimeSpan.FromSeconds(120), (await Finished(after)).AcquiredAt);
    }

    [Fact]
    public async Task A_large_request_first_in_line_is_not_overtaken_by_small_ones()
    {
        var limiter = Limiter(tpm: 1_000);
        await limiter.AcquireAsync(600, default);
        var large = limiter.AcquireAsync(600, default);
        var small = limiter.AcquireAsync(100, default);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(small.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), (await Finished(large)).AcquiredAt);
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), (await Finished(small)).AcquiredAt);
    }

    [Fact]
    public async Task No_requests_left_holds_new_requests_until_the_reset()
    {
        var limiter = Limiter();
        limiter.Observe(Headers(remainingRequests: "0", resetRequests: "2s"));

        var waiting = limiter.AcquireAsync(10, default);
        _time.Advance(TimeSpan.FromSeconds(2) - Tick);
        Assert.False(waiting.IsCompleted);

        _time.Advance(Tick);
        Assert.Equal(T0 + TimeSpan.FromSeconds(2), (await Finished(waiting)).AcquiredAt);
        Assert.True(limiter.AcquireAsync(10, default).IsCompleted);
    }

    [Fact]
    public async Task Requests_left_are_counted_down_by_the_requests_started_since()
    {
        var limiter = Limiter();
        limiter.Observe(Headers(remainingRequests: "2", resetRequests: "10s"));

        Assert.True(limiter.AcquireAsync(0, default).IsCompleted);
        Assert.True(limiter.AcquireAsync(0, default).IsCompleted);
        var third = limiter.AcquireAsync(0, default);
        _time.Advance(TimeSpan.FromSeconds(10) - Tick);
        Assert.False(third.IsCompleted);

        _time.Advance(Tick);
        Assert.Equal(T0 + TimeSpan.FromSeconds(10), (await Finished(third)).AcquiredAt);
    }

    [Fact]
    public async Task Too_few_tokens_left_for_the_estimate_waits_for_the_token_reset()
    {
        var limiter = Limiter();
        limiter.Observe(Headers(remainingTokens: "300", resetTokens: "1.5s"));

        Assert.True(limiter.AcquireAsync(200, default).IsCompleted);
        var waiting = limiter.AcquireAsync(200, default);
        _time.Advance(TimeSpan.FromMilliseconds(1_500) - Tick);
        Assert.False(waiting.IsCompleted);

        _time.Advance(Tick);
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(1_500), (await Finished(waiting)).AcquiredAt);
    }

    [Fact]
    public async Task A_new_reading_while_waiting_moves_the_opening()
    {
        var limiter = Limiter();
        limiter.Observe(Headers(remainingRequests: "0", resetRequests: "20s"));
        var waiting = limiter.AcquireAsync(0, default);
        _time.Advance(TimeSpan.FromSeconds(5));

        limiter.Observe(Headers(remainingRequests: "10", resetRequests: "1s"));

        Assert.Equal(T0 + TimeSpan.FromSeconds(5), (await Finished(waiting)).AcquiredAt);
    }

    [Fact]
    public async Task Header_waits_are_capped()
    {
        var limiter = new RequestRateLimiter(new RateLimitOptions { MaximumHeaderWait = TimeSpan.FromSeconds(30) }, _time);
        limiter.Observe(Headers(remainingRequests: "0", resetRequests: "6h0m0s"));

        var waiting = limiter.AcquireAsync(0, default);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(T0 + TimeSpan.FromSeconds(30), (await Finished(waiting)).AcquiredAt);
    }

    [Fact]
    public void Headers_with_budget_left_or_without_a_reset_do_not_hold_requests()
    {
        var limiter = Limiter();
        limiter.Observe(Headers(remainingRequests: "0"));
        limiter.Observe(Headers(remainingTokens: "5000", resetTokens: "1s"));

        Assert.True(limiter.AcquireAsync(100, default).IsCompleted);
    }

    [Fact]
    public async Task Concurrent_acquires_never_exceed_either_limit()
    {
        const int rpm = 50;
        const int tpm = 4_000;
        var limiter = Limiter(rpm, tpm);
        var starts = new List<(DateTimeOffset At, int Tokens)>();

        async Task Worker(int id)
        {
            for (int i = 0; i < 40; i++)
            {
                int estimate = 20 + (id * 7 + i * 13) % 120;
                var lease = await limiter.AcquireAsync(estimate, default);
                int actual = i % 3 == 0 ? estimate / 2 : estimate;
                lock (starts)
                {
                    starts.Add((lease.AcquiredAt, actual));
                }

                lease.Complete(actual);
            }
        }

        var all = Task.WhenAll(Enumerable.Range(0, 6).Select(id => Task.Run(() => Worker(id))));
        await DriveClockUntil(all);

        Assert.Equal(240, starts.Count);
        foreach (var (at, _) in starts)
        {
            var window = starts.Where(s => s.At >= at && s.At < at + TimeSpan.FromMinutes(1)).ToList();
            Assert.True(window.Count <= rpm, $"{window.Count} requests in the minute from {at:T}");
            Assert.True(window.Sum(s => s.Tokens) <= tpm, $"{window.Sum(s => s.Tokens)} tokens in the minute from {at:T}");
        }

        foreach (var minute in starts.GroupBy(s => (s.At - T0).Ticks / TimeSpan.TicksPerMinute))
        {
            Assert.True(minute.Count() <= rpm);
            Assert.True(minute.Sum(s => s.Tokens) <= tpm);
        }

        Assert.True(starts.Count(s => s.At == T0) > 1, "the first burst should start without waiting");
    }

    [Fact]
    public async Task Cancelling_a_waiting_acquire_ends_it_at_once_and_frees_the_line()
    {
        var limiter = Limiter(rpm: 1);
        await limiter.AcquireAsync(0, default);
        using var cts = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(0, cts.Token);
        var next = limiter.AcquireAsync(0, default);

        cts.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(T0, _time.GetUtcNow());
        Assert.False(next.IsCompleted);

        await WaitForTimer();
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), (await Finished(next)).AcquiredAt);
    }

    [Fact]
    public async Task Cancelling_an_acquire_queued_behind_another_leaves_the_first_waiting()
    {
        var limiter = Limiter(rpm: 1);
        await limiter.AcquireAsync(0, default);
        var first = limiter.AcquireAsync(0, default);
        using var cts = new CancellationTokenSource();
        var queued = limiter.AcquireAsync(0, cts.Token);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(first.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), (await Finished(first)).AcquiredAt);
    }

    [Fact]
    public async Task An_already_cancelled_token_throws_even_with_budget_left()
    {
        var limiter = Limiter(rpm: 10);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(0, cts.Token).AsTask());
        for (int i = 0; i < 10; i++)
        {
            Assert.True(limiter.AcquireAsync(0, default).IsCompleted);
        }
    }

    [Fact]
    public void Without_limits_nothing_waits()
    {
        var limiter = Limiter();
        for (int i = 0; i < 10_000; i++)
        {
            Assert.True(limiter.AcquireAsync(1_000_000, default).IsCompleted);
        }
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, -5)]
    public void Limits_must_be_positive(int? rpm, int? tpm)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Limiter(rpm, tpm));
    }

    private RequestRateLimiter Limiter(int? rpm = null, int? tpm = null) =>
        new(new RateLimitOptions { RequestsPerMinute = rpm, TokensPerMinute = tpm }, _time);

    private static ResponseInfo Headers(
        string? remainingRequests = null, string? resetRequests = null, string? remainingTokens = null, string? resetTokens = null)
    {
        var headers = new Dictionary<string, string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                headers[name] = value;
            }
        }

        Add("x-ratelimit-remaining-requests", remainingRequests);
        Add("x-ratelimit-reset-requests", resetRequests);
        Add("x-ratelimit-remaining-tokens", remainingTokens);
        Add("x-ratelimit-reset-tokens", resetTokens);
        return new ResponseInfo(200, null, headers);
    }

    // The guard is against a hung test, not a timing threshold: the fake clock has already been moved.
    private static Task<RateLease> Finished(ValueTask<RateLease> acquire) => acquire.AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    private async Task WaitForTimer()
    {
        while (true)
        {
            var scheduled = _time.WhenTimerArmedAsync();
            if (_time.PendingTimers > 0)
            {
                return;
            }

            await scheduled.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Moves the clock to each timer the limiter sets until the work is done.</summary>
    private async Task DriveClockUntil(Task work)
    {
        while (!work.IsCompleted)
        {
            var scheduled = _time.WhenTimerArmedAsync();
            if (!_time.TryAdvanceToNextTimer())
            {
                await Task.WhenAny(work, scheduled).WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        await work;
    }
}
