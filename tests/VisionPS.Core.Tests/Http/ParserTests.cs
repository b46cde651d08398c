using VisionPS.Core.Http;

namespace VisionPS.Core.Tests.Http;

public class ParserTests
{
    [Theory]
    [InlineData("""{"error":{"message":"m","type":"t","param":"p","code":"c"}}""", "m", "t", "c", "p")]
    [InlineData("""{"error":{"message":"m","type":"t","param":null,"code":null}}""", "m", "t", null, null)]
    [InlineData("""{"error":"model 'x' not found"}""", "model 'x' not found", null, null, null)]
    [InlineData("""{"object":"error","message":"bad","type":"BadRequestError","param":null,"code":400}""", "bad", "BadRequestError", "400", null)]
    [InlineData("""{"detail":"Not Found"}""", "Not Found", null, null, null)]
    [InlineData("upstream connect error", "upstream connect error", null, null, null)]
    [InlineData("", null, null, null, null)]
    public void ApiErrorParser_ReadsEveryProviderShape(string body, string? message, string? type, string? code, string? param)
    {
        ApiErrorBody error = ApiErrorParser.Parse(body);

        Assert.Equal((message, type, code, param), (error.Message, error.Type, error.Code, error.Param));
    }

    [Fact]
    public void ApiErrorParser_LongBody_IsShortened()
    {
        ApiErrorBody error = ApiErrorParser.Parse(new string('x', 5000));

        Assert.True(error.Message!.Length <= 501);
    }

    [Theory]
    [InlineData("3", 3000)]
    [InlineData("1.5", 1500)]
    [InlineData("0", 0)]
    public void RetryAfter_Seconds(string value, int ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), RetryAfterParser.Parse(value, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfter_HttpDate_IsDelayFromNow()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfterParser.Parse("Sat, 21 Nov 2026 12:00:30 GMT", now));
        Assert.Equal(TimeSpan.Zero, RetryAfterParser.Parse("Sat, 21 Nov 2026 11:00:00 GMT", now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("NaN")]
    public void RetryAfter_Unusable_IsNull(string? value)
    {
        Assert.Null(RetryAfterParser.Parse(value, DateTimeOffset.UnixEpoch));
    }
}
