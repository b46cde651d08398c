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
