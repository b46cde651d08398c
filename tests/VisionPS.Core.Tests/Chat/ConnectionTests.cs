using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;

namespace VisionPS.Core.Tests.Chat;

public class ConnectionTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Resolve_Nothing_IsOpenAIAndNeedsKey()
    {
        var ex = Assert.Throws<ApiKeyMissingException>(() => Connection.Resolve(null, null, Env()));
        Assert.Equal(Endpoints.OpenAI, ex.BaseUrl);
    }

    [Fact]
    public void Resolve_KeyFromVisionPSVariableBeforeOpenAIVariable()
    {
        var connection = Connection.Resolve(null, null, Env(("OPENAI_API_KEY", "sk-openai"), ("VISIONPS_API_KEY", "sk-visionps")));

        Assert.Equal("sk-visionps", connection.ApiKey!.Reveal());
    }

    [Fact]
    public void Resolve_ParameterKeyWinsOverEnvironment()
    {
        var connection = Connection.Resolve(null, new ApiCredential("sk-param"), Env(("VISIONPS_API_KEY", "sk-env")));

        Assert.Equal("sk-param", connection.ApiKey!.Reveal());
    }

    [Theory]
    [InlineData("http://localhost:11434/v1")]
    [InlineData("http://127.0.0.1:1234/v1/")]
    [InlineData("http://[::1]:8080/v1")]
    public void Resolve_LocalServerWithoutKey_IsAllowed(string baseUrl)
    {
        var connection = Connection.Resolve(baseUrl, null, Env());

        Assert.Null(connection.ApiKey);
        Assert.False(connection.BaseUrl.AbsoluteUri.EndsWith("//", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_BaseUrlFromEnvironment_AndPastedEndpointIsCutBack()
    {
        var connection = Connection.Resolve(null, null, Env(("VISIONPS_BASE_URL", "https://api.siliconflow.cn/v1/chat/completions"), ("VISIONPS_API_KEY", "k")));

        Assert.Equal("https://api.siliconflow.cn/v1", connection.BaseUrl.ToString());
    }

    [Theory]
    [InlineData("ftp://example.com/v1")]
    [InlineData("not a url")]
    public void Resolve_BadBaseUrl_IsInvalidBaseUrl(string baseUrl)
    {
        var ex = Assert.Throws<VisionArgumentException>(() => Connection.Resolve(baseUrl, null, Env()));
        Assert.Equal(ErrorIds.InvalidBaseUrl, ex.ErrorId);
    }

    [Fact]
    public void ResolveModel_OrderIsParameterConversationEnvironmentThenOpenAIDefault()
    {
        var openAI = Connection.Resolve(null, new ApiCredential("k"), Env());
        var env = Env(("VISIONPS_MODEL", "env-model"));

        Assert.Equal("param", openAI.ResolveModel("param", "conv", env));
        Assert.Equal("conv", openAI.ResolveModel(null, "conv", env));
        Assert.Equal("env-model", openAI.ResolveModel(null, null, env));
        Assert.Equal(Connection.DefaultOpenAIModel, openAI.ResolveModel(null, null, Env()));
    }

    [Fact]
    public void ResolveModel_NoModelForOtherProvider_IsRefused()
    {
        var local = Connection.Resolve("http://localhost:11434/v1", null, Env());

        var ex = Assert.Throws<VisionArgumentException>(() => local.ResolveModel(null, null, Env()));
        Assert.Equal(ErrorIds.ModelNotSpecified, ex.ErrorId);
    }

    [Fact]
    public void ApiCredential_NeverShowsItself()
    {
        var key = new ApiCredential("sk-very-secret");

        Assert.Equal("***", key.ToString());
        Assert.Equal("a *** b", key.Scrub("a sk-very-secret b"));
        Assert.DoesNotContain("sk-very-secret", System.Text.Json.JsonSerializer.Serialize(new { key }));
    }
}
