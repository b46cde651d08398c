using VisionPS.Core.Http;
using VisionPS.Core.Resilience.RateLimits;

namespace VisionPS.Core.Tests.Resilience.RateLimits;

public class RateLimitDurationTests
{
    [Theory]
    [InlineData("1s", 1_000)]
    [InlineData("6m0s", 360_000)]
    [InlineData("20ms", 20)]
    [InlineData("2m59.56s", 179_560)]
    [InlineData("7.66s", 7_660)]
    [InlineData("1h0m0s", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("0s", 0)]
    [InlineData(" 250ms ", 250)]
    [InlineData("1500us", 1.5)]
    [InlineData("2", 2_000)]
    [InlineData("0.5", 500)]
    public void Reads_go_style_durations_and_bare_seconds(string value, double expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RateLimitDuration.Parse(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("-1s")]
    [InlineData("s")]
    [InlineData("1s later")]
    [InlineData("1..2s")]
    [InlineData("Wed, 21 Oct 2015 07:28:00 GMT")]
    public void Unreadable_values_are_null(string? value)
    {
        Assert.Null(RateLimitDuration.Parse(value));
    }

    [Fact]
    public void ResponseInfo_exposes_the_parsed_headers()
    {
        var info = new ResponseInfo(200, null, new Dictionary<string, string>
        {
            ["x-ratelimit-remaining-requests"] = "59",
            ["x-ratelimit-remaining-tokens"] = "149984",
            ["x-ratelimit-reset-requests"] = "1s",
            ["x-ratelimit-reset-tokens"] = "6m0s",
        });

        Assert.Equal(59, info.RemainingRequests);
        Assert.Equal(149_984, info.RemainingTokens);
        Assert.Equal(TimeSpan.FromSeconds(1), info.ResetRequests);
        Assert.Equal(TimeSpan.FromMinutes(6), info.ResetTokens);
    }

    [Fact]
    public void ResponseInfo_without_or_with_garbled_headers_is_null()
    {
        var info = new ResponseInfo(200, null, new Dictionary<string, string>
        {
            ["x-ratelimit-remaining-requests"] = "many",
            ["x-ratelimit-reset-requests"] = "later",
        });

        Assert.Null(info.RemainingRequests);
        Assert.Null(info.RemainingTokens);
        Assert.Null(info.ResetRequests);
        Assert.Null(info.ResetTokens);
    }
}
