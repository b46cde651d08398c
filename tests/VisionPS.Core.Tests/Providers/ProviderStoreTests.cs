using VisionPS.Core.Diagnostics;
using VisionPS.Core.Providers;

namespace VisionPS.Core.Tests.Providers;

public sealed class ProviderStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "visionps-store-" + Guid.NewGuid());

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void RoundTrips_AndTheFileNamesNoKey()
    {
        var store = new ProviderStore(_dir);
        var profile = new ProviderProfile
        {
            Name = "azure",
            Kind = ProviderKind.AzureOpenAI,
            BaseUrl = "https://res.openai.azure.com",
            Deployment = "gpt-4o",
            Key = new KeyReference { Source = KeySource.Secret, Name = "azure-key", Vault = "vault" },
            Quirks = new ProviderQuirks { AcceptsImageUrls = false },
        };
        store.Save(new ProviderStoreDocument { Default = "azure", Profiles = [profile] });

        ProviderProfile back = store.Find(null)!;

        Assert.Equal(profile with { }, back with { });
        Assert.Equal(ProviderPresets.DefaultAzureApiVersion, back.EffectiveApiVersion);
        string text = File.ReadAllText(store.FilePath);
        Assert.Contains("\"source\": \"Secret\"", text);
        Assert.DoesNotContain("isDefault", text);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        }
    }

    // VideoParts was a bool before it named the video shape a server takes: a saved true kept DashScope's frame list.
    [Theory]
    [InlineData("true", VideoShape.FrameList)]
    [InlineData("false", VideoShape.None)]
    [InlineData("\"VideoUrl\"", VideoShape.VideoUrl)]
    [InlineData("\"frameList\"", VideoShape.FrameList)]
    public void A_saved_VideoParts_quirk_reads_as_a_bool_or_a_shape_name_and_is_written_as_a_name(string saved, VideoShape expected)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, ProviderStore.FileName), $$"""{ "profiles": [ { "name": "v", "kind": "Vllm", "quirks": { "videoParts": {{saved}} } } ] }""");
        var store = new ProviderStore(_dir);

        ProviderProfile profile = store.Find("v")!;
        store.Save(store.Load());

        Assert.Equal(expected, profile.Quirks!.VideoParts);
        Assert.Contains($"\"videoParts\": \"{expected}\"", File.ReadAllText(store.FilePath), StringComparison.Ordinal);
    }

    [Fact]
    public void A_VideoParts_value_that_is_neither_is_a_clear_error()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, ProviderStore.FileName), """{ "profiles": [ { "name": "v", "quirks": { "videoParts": "mp4" } } ] }""");

        var ex = Assert.Throws<VisionArgumentException>(() => new ProviderStore(_dir).Load());

        Assert.Equal(ErrorIds.ProviderStoreInvalid, ex.ErrorId);
    }

    [Fact]
    public void MissingFile_MeansNoProfiles_AndAnUnknownNameIsAnError()
    {
        var store = new ProviderStore(_dir);

        Assert.Null(store.Find(null));
        Assert.Equal(ErrorIds.ProviderNotFound, Assert.Throws<VisionArgumentException>(() => store.Find("nope")).ErrorId);
    }

    [Fact]
    public void DamagedFile_IsAClearError()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, ProviderStore.FileName), "{ not json");

        var ex = Assert.Throws<VisionArgumentException>(() => new ProviderStore(_dir).Load());

        Assert.Equal(ErrorIds.ProviderStoreInvalid, ex.ErrorId);
    }

    [Fact]
    public void ConfigDirectory_OverrideThenPlatform()
    {
        Assert.Equal(Path.GetFullPath(_dir), ConfigDirectory.Resolve(n => n == ConfigDirectory.OverrideVariable ? _dir : null));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal("/xdg/VisionPS", ConfigDirectory.Resolve(n => n == "XDG_CONFIG_HOME" ? "/xdg" : null));
            Assert.EndsWith("/.config/VisionPS", ConfigDirectory.Resolve(_ => null));
        }
    }
}
