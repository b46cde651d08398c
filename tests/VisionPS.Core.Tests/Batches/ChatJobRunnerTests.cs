using VisionPS.Core.Batches;
using VisionPS.Core.Chat;
using VisionPS.Core.Resilience.RateLimits;
using VisionPS.Core.Resilience.Retries;
using VisionPS.Core.Tests.EndToEnd;

namespace VisionPS.Core.Tests.Batches;

public sealed class ChatJobRunnerTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_request_adds_its_usage_and_cost_and_hands_the_rate_limit_headers_on()
    {
        var counters = new BatchCounters();
        var limiter = new RequestRateLimiter(new RateLimitOptions { RequestsPerMinute = 100 });
        var jobs = new ChatJobRunner(new RetryingChatRunner(new ChatRunner(f.Client())), limiter, counters);

        ChatResult result = await jobs.RunAsync(ChatCallBuilder.Build(f.Settings("gpt-4o"), "hello", []), null, null, CancellationToken.None);

        Assert.Equal(result.Usage!.PromptTokens, counters.PromptTokens);
        Assert.Equal(result.Usage.CompletionTokens, counters.CompletionTokens);
        Assert.Equal(result.Cost!.Amount, counters.Cost);
        Assert.Equal(0, counters.Retries);
        Assert.NotNull(result.Response!.RemainingRequests);
    }

    [Fact]
    public async Task Retries_are_counted()
    {
        var counters = new BatchCounters();
        var jobs = new ChatJobRunner(new RetryingChatRunner(new ChatRunner(f.Client()), new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1) }), null, counters);
        f.Server.EnqueueFault(VisionPS.TestServer.Fault.Status(503));

        ChatResult result = await jobs.RunAsync(ChatCallBuilder.Build(f.Settings("gpt-4o"), "again", []), null, null, CancellationToken.None);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(1, counters.Retries);
    }
}
