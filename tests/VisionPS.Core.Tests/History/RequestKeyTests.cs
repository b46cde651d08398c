using System.Text;
using VisionPS.Core.History;

namespace VisionPS.Core.Tests.History;

public sealed class RequestKeyTests
{
    private static readonly Uri Endpoint = new("https://api.example.test/v1/chat/completions");

    private static string Key(string json, Uri? endpoint = null) => RequestKey.Of(endpoint ?? Endpoint, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Of_StreamFlags_DoNotChangeTheKey()
    {
        string whole = Key("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        string streamed = Key("""{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(whole, streamed);
    }

    [Fact]
    public void Of_MemberOrder_DoesNotChangeTheKey()
    {
        string a = Key("""{"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"a":1,"b":2}}},"messages":[]}""");
        string b = Key("""{"messages":[],"response_format":{"json_schema":{"schema":{"b":2,"a":1},"name":"x"},"type":"json_schema"},"model":"m"}""");

        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","temperature":0.5,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"gpt-4o","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi!"}]}""")]
    [InlineData("""{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AA==","detail":"low"}}]}]}""")]
    public void Of_AnyOtherField_ChangesTheKey(string other)
    {
        string baseline = Key("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");

        Assert.NotEqual(baseline, Key(other));
    }

    [Fact]
    public void Of_AnotherEndpoint_ChangesTheKey()
    {
        const string json = """{"model":"gpt-4o","messages":[]}""";

        Assert.NotEqual(Key(json), Key(json, new Uri("http://127.0.0.1:8080/v1/chat/completions")));
    }

    [Fact]
    public void Of_IsSha256Hex()
    {
        Assert.Matches("^[0-9a-f]{64}$", Key("""{"model":"m","messages":[]}"""));
    }
}
