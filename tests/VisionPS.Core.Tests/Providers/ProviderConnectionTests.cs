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
    public void ProfileKey_NeverGoesToABaseUrlOfAnotherHost()
    {
        Connection c = Connection.Resolve(new ConnectionRequest { BaseUrl = "https://other.example/v1", ProviderName = "p", FindProfile = _ => Profile, Environment = Env(("PROFILE_KEY", "sk-profile")), RequireKey = false });

        Assert.Equal("other.example", c.BaseUrl.Host);
        Assert.Same(Profile, c.Profile);
        Assert.Null(c.ApiKey);
        Assert.Null(c.ClientOptions.ApiKey);
    }

    [Fact]
    public void ProfileKey_GoesToTheProfilesOwnServerGivenAsBaseUrl()
    {
        Connection c = Connection.Resolve(new ConnectionRequest { BaseUrl = "https://profile.example/v1/", ProviderName = "p", FindProfile = _ => Profile, Environment = Env(("PROFILE_KEY", "sk-profile")) });

        Assert.Equal("sk-profile", c.ApiKey!.Reveal());
    }

    [Fact]
    public void DefaultProfile_IsNotConsultedWhenBaseUrlIsGiven()
    {
        bool asked = false;
        Connection c = Connection.Resolve(new ConnectionRequest { BaseUrl = "https://other.example/v1", FindProfile = _ => { asked = true; return Profile; }, Environment = Env(("PROFILE_KEY", "sk-profile")), RequireKey = false });

        Assert.False(asked);
        Assert.Null(c.Profile);
        Assert.Null(c.ApiKey);
    }

    [Fact]
    public void UnknownProvider_IsProviderNotFound()
    {
        string folder = Directory.CreateTempSubdirectory("visionps-conn-").FullName;
        var store = new ProviderStore(folder);

        var ex = Assert.Throws<VisionArgumentException>(() => Connection.Resolve(new ConnectionRequest { ProviderName = "nosuch", FindProfile = store.Find, Environment = Environment }));

        Assert.Equal(ErrorIds.ProviderNotFound, ex.ErrorId);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void ClientOptions_CarryTheWholeConnection()
    {
        ProviderProfile azure = Profile with { Kind = ProviderKind.AzureOpenAI, Deployment = "dep", Proxy = "http://proxy.example:3128", AllowPrivateImageUrls = true };
        Connection c = Connection.Resolve(new ConnectionRequest
        {
            Profile = azure,
            Environment = Environment,
            SkipCertificateCheck = true,
            Timeout = TimeSpan.FromSeconds(7),
            ConnectTimeout = TimeSpan.FromSeconds(3),
            TotalTimeout = TimeSpan.FromSeconds(11),
        });

        VisionClientOptions o = c.ClientOptions;
        Assert.Equal(c.BaseUrl, o.BaseUrl);
        Assert.Equal("sk-profile", o.ApiKey!.Reveal());
        Assert.Equal(ApiKeyHeader.ApiKey, o.KeyHeader);
        Assert.Equal("dep", o.Deployment);
        Assert.NotNull(o.ApiVersion);
        Assert.Equal(new Uri("http://proxy.example:3128"), o.Network.Proxy);
        Assert.True(o.Network.SkipCertificateCheck);
        Assert.Equal(TimeSpan.FromSeconds(7), o.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(3), o.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(11), o.Limits.MaxResponseTime);
        Assert.Equal("p", c.ProfileName);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("squid.internal:8080")]
    [InlineData("ftp://user:hunter2@proxy.example")]
    public void SavedProxy_ThatIsNotAnHttpUrl_IsAClearProfileError_ThatDoesNotEchoIt(string saved)
    {
        var error = Assert.Throws<VisionArgumentException>(() => Connection.Resolve(new ConnectionRequest { Profile = Profile with { Proxy = saved }, Environment = Environment }));

        Assert.Equal(ErrorIds.InvalidProviderProfile, error.ErrorId);
        Assert.Contains("'p'", error.Message);
        Assert.DoesNotContain(saved, error.Message + error.RecommendedAction);
        Assert.DoesNotContain("hunter2", error.Message + error.RecommendedAction);
    }

    [Fact]
    public void SavedProxy_ThatIsBroken_DoesNotMatterWhenProxyIsGiven()
    {
        Connection c = Connection.Resolve(new ConnectionRequest { Profile = Profile with { Proxy = "not a url" }, Proxy = new Uri("http://given.example:2"), Environment = Environment });

        Assert.Equal(new Uri("http://given.example:2"), c.ClientOptions.Network.Proxy);
    }

    [Fact]
    public void ProxyParameter_WinsOverTheProfiles()
    {
        Connection c = Connection.Resolve(new ConnectionRequest { Profile = Profile with { Proxy = "http://saved.example:1" }, Proxy = new Uri("http://given.example:2"), Environment = Environment });

        Assert.Equal(new Uri("http://given.example:2"), c.ClientOptions.Network.Proxy);
    }

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
