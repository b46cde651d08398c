using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;

namespace VisionPS.Core.Tests.Providers;

/// <summary>Precedence parameter > profile > environment, for each value, and the checks made while resolving.</summary>
public class ProviderConnectionTests
{
    private static readonly Func<string, string?> Environment = Env(
        ("VISIONPS_BASE_URL", "https://env.example/v1"),
        ("VISIONPS_API_KEY", "sk-env"),
        ("VISIONPS_MODEL", "env-model"),
        ("PROFILE_KEY", "sk-profile"));

    private static readonly ProviderProfile Profile = new()
    {
        Name = "p",
        Kind = ProviderKind.Groq,
        BaseUrl = "https://profile.example/v1",
        Model = "profile-model",
        Key = new KeyReference { Source = KeySource.Environment, Name = "PROFILE_KEY" },
    };

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    private static Connection Resolve(string? baseUrl = null, string? key = null, ProviderProfile? profile = null, Func<string, string?>? environment = null, bool allowHttp = false) =>
        Connection.Resolve(new ConnectionRequest
        {
            BaseUrl = baseUrl,
            ApiKey = key is null ? null : new ApiCredential(key),
            Profile = profile,
            Environment = environment ?? Environment,
            AllowUnencryptedHttp = allowHttp,
        });

    [Fact]
    public void Parameters_WinOverProfile()
    {
        Connection c = Resolve("https://param.example/v1", "sk-param", Profile);

        Assert.Equal("https://param.example/v1", c.BaseUrl.ToString().TrimEnd('/'));
        Assert.Equal("sk-param", c.ApiKey!.Reveal());
        Assert.Equal("param-model", c.ResolveModel("param-model", null, Environment));
    }

    [Fact]
    public void Profile_WinsOverEnvironment()
    {
        Connection c = Resolve(profile: Profile);

        Assert.Equal("https://profile.example/v1", c.BaseUrl.ToString().TrimEnd('/'));
        Assert.Equal("sk-profile", c.ApiKey!.Reveal());
        Assert.Equal("profile-model", c.ResolveModel(null, null, Environment));
        Assert.Equal(5, c.Quirks.MaxImagesPerRequest); // the Groq preset's quirk
    }

    [Fact]
    public void Environment_FillsWhatTheProfileLeavesOpen()
    {
        var bare = new ProviderProfile { Name = "bare", Kind = ProviderKind.Generic, BaseUrl = "https://bare.example/v1" };

        Connection c = Resolve(profile: bare);

        Assert.Equal("sk-env", c.ApiKey!.Reveal());
        Assert.Equal("env-model", c.ResolveModel(null, null, Environment));
    }

    [Fact]
    public void Environment_AloneWithoutProfile()
    {
        Connection c = Resolve();

        Assert.Equal("https://env.example/v1", c.BaseUrl.ToString().TrimEnd('/'));
        Assert.Equal("sk-env", c.ApiKey!.Reveal());
        Assert.Same(ProviderQuirks.Strict, c.Quirks);
    }

    [Fact]
    public void ProfileWithoutBaseUrl_UsesItsKindsPreset()
    {
        Connection c = Resolve(profile: new ProviderProfile { Name = "o", Kind = ProviderKind.Ollama });

        Assert.Equal("http://localhost:11434/v1", c.BaseUrl.ToString().TrimEnd('/'));
        Assert.False(c.Quirks.AcceptsImageUrls);
    }

    [Fact]
    public void ProfileQuirkOverrides_ReplaceOnlyWhatTheyName()
    {
        var profile = new ProviderProfile { Name = "l", Kind = ProviderKind.LlamaCpp, Quirks = new ProviderQuirks { AcceptsImageUrls = true } };

        ProviderQuirks q = profile.EffectiveQuirks;

        Assert.True(q.AcceptsImageUrls);
        Assert.True(q.Refuses("image/webp"));
        Assert.False(q.DetailMatters);
        Assert.Equal(TokenLimitField.MaxTokens, q.TokenLimitField);
    }

    [Fact]
    public void EmptyKeyVariable_IsAClearError()
    {
        var ex = Assert.Throws<VisionArgumentException>(() => Resolve(profile: Profile, environment: Env()));

        Assert.Equal(ErrorIds.KeyVariableEmpty, ex.ErrorId);
        Assert.Contains("PROFILE_KEY", ex.Message);
    }

    [Theory]
    [InlineData("http://192.168.1.20:8000/v1")]
    [InlineData("http://gpu-box.lan/v1")]
    public void PlainHttpToAnotherMachine_IsRefusedUnlessAllowed(string url)
    {
        var ex = Assert.Throws<VisionArgumentException>(() => Resolve(url, "k"));
        Assert.Equal(ErrorIds.InsecureBaseUrl, ex.ErrorId);

        Assert.Equal(url, Resolve(url, "k", allowHttp: true).BaseUrl.ToString().TrimEnd('/'));
        Assert.Equal(url, Resolve(url, "k", profile: Profile with { AllowUnencryptedHttp = true }).BaseUrl.ToString().TrimEnd('/'));
    }

    [Fact]
    public void Presets_CoverEveryKind_WithTheDocumentedAddresses()
    {
        Assert.Equal(Enum.GetValues<ProviderKind>().Order(), ProviderPresets.All.Select(p => p.Kind).Order());
        Assert.Equal("http://localhost:11434/v1", ProviderPresets.For(ProviderKind.Ollama).BaseUrl);
        Assert.Equal("http://localhost:8000/v1", ProviderPresets.For(ProviderKind.Vllm).BaseUrl);
        Assert.Equal("http://localhost:1234/v1", ProviderPresets.For(ProviderKind.LMStudio).BaseUrl);
        Assert.Equal("http://localhost:8080/v1", ProviderPresets.For(ProviderKind.LlamaCpp).BaseUrl);
        Assert.Equal("https://api.highwayapi.ai/openai", ProviderPresets.For(ProviderKind.HighwayApi).BaseUrl);
        Assert.Equal("https://api.jiekou.ai/openai", ProviderPresets.For(ProviderKind.Jiekou).BaseUrl);
        Assert.Equal("https://dashscope.aliyuncs.com/compatible-mode/v1", ProviderPresets.For(ProviderKind.DashScope).BaseUrl);
        Assert.Equal(ApiKeyHeader.ApiKey, ProviderPresets.For(ProviderKind.AzureOpenAI).KeyHeader);
    }
}
