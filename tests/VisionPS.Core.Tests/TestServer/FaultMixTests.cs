using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>The server's seeded random faults, which batch tests run against.</summary>
public sealed class FaultMixTests
{
    [Fact]
    public async Task A_seeded_mix_gives_the_same_faults_in_the_stated_proportions()
    {
        var mix = new FaultMix(Seed: 7) { RateLimited = 0.10, ServerError = 0.05, RetryAfter = TimeSpan.FromSeconds(3) };
        int[] first = await StatusesAsync(mix, 300);
        int[] second = await StatusesAsync(mix, 300);

        Assert.Equal(first, second);
        int limited = first.Count(s => s == 429), failed = first.Count(s => s >= 500), ok = first.Count(s => s == 200);
        Assert.Equal(300, limited + failed + ok);
        Assert.InRange(limited, 15, 45);   // 10% of 300 = 30
        Assert.InRange(failed, 5, 30);     // 5% of 300 = 15
    }

    [Fact]
    public async Task Rate_limited_answers_carry_the_retry_after()
    {
        await using var server = await VisionTestServer.StartAsync(new TestServerOptions { RandomFaults = new FaultMix(1) { RateLimited = 1.0, RetryAfter = TimeSpan.FromSeconds(3) } });
        using var client = new VisionChatClient(new VisionClientOptions { BaseUrl = server.BaseUrl, ApiKey = new ApiCredential("test-key") });

        var error = await Assert.ThrowsAsync<VisionApiException>(() => client.CompleteAsync(Request()));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);

        // The error keeps the response's headers, so the client-side limiter can read x-ratelimit-* from a 429.
        Assert.Equal(429, error.Response!.StatusCode);
    }

    private static async Task<int[]> StatusesAsync(FaultMix mix, int count)
    {
        await using var server = await VisionTestServer.StartAsync(new TestServerOptions { RandomFaults = mix });
        using var client = new VisionChatClient(new VisionClientOptions { BaseUrl = server.BaseUrl, ApiKey = new ApiCredential("test-key") });
        var statuses = new int[count];
        for (int i = 0; i < count; i++)
        {
            try
            {
                await client.CompleteAsync(Request());
                statuses[i] = 200;
            }
            catch (VisionApiException e)
            {
                statuses[i] = e.StatusCode ?? -1;
            }
        }

        return statuses;
    }

    private static Core.Protocol.ChatRequest Request() =>
        ChatCallBuilder.Build(new ChatSettings { BaseUrl = new Uri("http://localhost/v1"), Model = "gpt-4o", Stream = false }, "hi", []).Request;
}
