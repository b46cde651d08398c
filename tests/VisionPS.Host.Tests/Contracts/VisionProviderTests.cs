using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>
/// Set-, Get-, Remove- and Test-VisionProvider. Every script runs with $env:VISIONPS_CONFIG_DIR on a fresh folder of
/// its own (removed again when the script ends), so no test reads or writes the real per-user config.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class VisionProviderTests(ModuleFixture fixture) : IDisposable
{
    private const string KeyVariable = "VISIONPS_HOST_TEST_PROFILE_KEY";
    private readonly ModuleShell _shell = fixture.Shell();
    private readonly string _config = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-host-config-" + Guid.NewGuid().ToString("N"))).FullName;

    private string ProvidersJson => Path.Combine(_config, "providers.json");

    private HostedRun Run(string script) => Run(_shell, script);

    private HostedRun Run(ModuleShell shell, string script)
    {
        var variables = new Dictionary<string, object?>(fixture.Variables) { ["Config"] = _config };
        return shell.Run(
            $"$env:VISIONPS_CONFIG_DIR = $Config; $env:{KeyVariable} = $Key\ntry {{\n{script}\n}} finally {{ Remove-Item Env:VISIONPS_CONFIG_DIR, Env:{KeyVariable} -ErrorAction Ignore }}",
            variables);
    }

    private static object? Prop(PSObject o, string name) => o.Properties[name].Value is PSObject p ? p.BaseObject : o.Properties[name].Value;

    private static string SetCommand => "SetVisionProviderCommand";

    // ---- Set-VisionProvider ----

    [Fact]
    public void Set_KeyVariableSet_SavesTheVariableNameNeverTheKey_AndPassThruWritesTheProfile()
    {
        HostedRun run = Run($"Set-VisionProvider local -BaseUrl $BaseUrl -KeyVariable {KeyVariable} -Model gpt-4o -PassThru -Verbose");

        ContractAssert.Clean(run);
        PSObject profile = Assert.Single(run.Output);
        Assert.Equal("VisionPS.Core.Providers.ProviderProfile", profile.BaseObject.GetType().FullName);
        Assert.Equal("local", Prop(profile, "Name"));
        Assert.Equal("gpt-4o", Prop(profile, "Model"));
        Assert.Equal(true, Prop(profile, "IsDefault"));
        Assert.Single(run.Verbose, v => v.Message.StartsWith("Saved provider profile 'local' in ", StringComparison.Ordinal));
        Assert.Single(run.Verbose, v => v.Message.Contains("Save provider profile", StringComparison.Ordinal));
        string json = File.ReadAllText(ProvidersJson);
        Assert.Contains(KeyVariable, json, StringComparison.Ordinal);
        Assert.DoesNotContain(ModuleFixture.Key, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_WithoutPassThru_WritesNothingToOutput()
    {
        HostedRun run = Run("Set-VisionProvider quiet -Kind Ollama");

        ContractAssert.Clean(run);
        Assert.Empty(run.Output);
        Assert.True(File.Exists(ProvidersJson));
    }

    [Fact]
    public void Set_NoKeyAndKeySecretSets_RecordWhereTheKeyComesFrom()
    {
        HostedRun run = Run("Set-VisionProvider nokey -BaseUrl $BaseUrl -NoKey -PassThru; Set-VisionProvider vaulted -BaseUrl $BaseUrl -KeySecret OpenAIKey -Vault MyVault -PassThru");

        ContractAssert.Clean(run);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal("None", Prop(run.Output[0], "Key")!.GetType().GetProperty("Source")!.GetValue(Prop(run.Output[0], "Key"))!.ToString());
        object key = Prop(run.Output[1], "Key")!;
        Assert.Equal("Secret", key.GetType().GetProperty("Source")!.GetValue(key)!.ToString());
        Assert.Equal("OpenAIKey", key.GetType().GetProperty("Name")!.GetValue(key));
        Assert.Equal("MyVault", key.GetType().GetProperty("Vault")!.GetValue(key));
        Assert.Equal(false, Prop(run.Output[1], "IsDefault"));
    }

    [Fact]
    public void Set_UpdatesOnlyWhatIsGiven_AndDefaultMovesTheDefault()
    {
        HostedRun run = Run("Set-VisionProvider one -Kind Ollama; Set-VisionProvider two -Kind Groq -Default; Set-VisionProvider one -Model llava -PassThru");

        ContractAssert.Clean(run);
        PSObject one = Assert.Single(run.Output);
        Assert.Equal("Ollama", Prop(one, "Kind")!.ToString());
        Assert.Equal("llava", Prop(one, "Model"));
        Assert.Equal(false, Prop(one, "IsDefault"));
    }

    [Fact]
    public void Set_Pipeline_BindsNameByPropertyName()
    {
        HostedRun run = Run("[pscustomobject]@{ Name = 'p1' }, [pscustomobject]@{ Name = 'p2' } | Set-VisionProvider -Kind Ollama -PassThru");

        ContractAssert.Clean(run);
        Assert.Equal(["p1", "p2"], run.Output.Select(o => (string)Prop(o, "Name")!));
    }

    [Fact]
    public void Set_GenericKindWithoutBaseUrl_IsANonTerminatingInvalidProviderProfile()
    {
        HostedRun run = Run("Set-VisionProvider nourl -NoKey; 'after'");

        Assert.Null(run.Terminating);
        Assert.Equal("after", Assert.Single(run.Output).BaseObject);
        ContractAssert.Error(Assert.Single(run.Errors), "InvalidProviderProfile", SetCommand, ErrorCategory.InvalidArgument, "nourl");
        Assert.False(File.Exists(ProvidersJson));
    }

    [Fact]
    public void Set_BadName_FailsParameterValidation()
    {
        HostedRun run = Run("Set-VisionProvider 'bad name!' -Kind Ollama");

        Assert.NotNull(run.Terminating);
        Assert.Equal("ParameterArgumentValidationError,VisionPS.Commands.SetVisionProviderCommand", run.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, run.Terminating.CategoryInfo.Category);
        Assert.False(File.Exists(ProvidersJson));
    }

    [Fact]
    public void Set_TwoKeySets_IsAnAmbiguousParameterSet()
    {
        HostedRun run = Run($"Set-VisionProvider both -BaseUrl $BaseUrl -KeyVariable {KeyVariable} -NoKey");

        Assert.NotNull(run.Terminating);
        Assert.Equal("AmbiguousParameterSet,VisionPS.Commands.SetVisionProviderCommand", run.Terminating!.FullyQualifiedErrorId);
        Assert.False(File.Exists(ProvidersJson));
    }

    [Fact]
    public void Set_ApiKeySet_IsRefusedWithoutDpapiAndNeverShowsTheKey()
    {
        HostedRun run = Run("Set-VisionProvider cli -BaseUrl $BaseUrl -ApiKey (ConvertTo-SecureString $Key -AsPlainText) -PassThru -Verbose; 'after'");

        Assert.Null(run.Terminating);
        ContractAssert.NoKey(run);
        if (OperatingSystem.IsWindows())
        {
            Assert.Empty(run.Errors);
            Assert.Equal(2, run.Output.Count);
            Assert.DoesNotContain(ModuleFixture.Key, File.ReadAllText(ProvidersJson), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("after", Assert.Single(run.Output).BaseObject);
            ContractAssert.Error(Assert.Single(run.Errors), "KeyProtectionUnavailable", SetCommand, ErrorCategory.InvalidArgument, "cli");
            Assert.False(File.Exists(ProvidersJson));
        }
    }

    [Fact]
    public void Set_WhatIf_SavesNothing()
    {
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);

        HostedRun run = Run(shell, "Set-VisionProvider local -BaseUrl $BaseUrl -NoKey -PassThru -WhatIf");

        ContractAssert.Clean(run);
        Assert.Empty(run.Output);
        Assert.False(File.Exists(ProvidersJson));
        Assert.Contains(host.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal) && l.Contains("Save provider profile", StringComparison.Ordinal));
    }

    // ---- Get-VisionProvider ----

    [Fact]
    public void Get_ProfilesSet_ListsSortedFiltersByWildcardAndDefault()
    {
        HostedRun run = Run(
            "Set-VisionProvider zed -Kind Ollama; Set-VisionProvider alpha -Kind Groq -Default; Set-VisionProvider beta -Kind Ollama;" +
            "'---'; Get-VisionProvider; '---'; Get-VisionProvider -Name 'b*', 'z*'; '---'; Get-VisionProvider -Default");

        ContractAssert.Clean(run);
        string[] names = run.Output.Select(o => o.BaseObject is string s ? s : (string)Prop(o, "Name")!).ToArray();
        Assert.Equal(["---", "alpha", "beta", "zed", "---", "beta", "zed", "---", "alpha"], names);
        Assert.All(run.Output.Where(o => o.BaseObject is not string), o => Assert.Equal("VisionPS.Core.Providers.ProviderProfile", o.BaseObject.GetType().FullName));
    }

    [Fact]
    public void Get_EmptyStore_WritesNothing()
    {
        HostedRun run = Run("Get-VisionProvider");

        ContractAssert.Clean(run);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Get_Pipeline_BindsNamesByValue_AndAnUnknownNameIsNonTerminating()
    {
        HostedRun run = Run("Set-VisionProvider one -Kind Ollama; Set-VisionProvider two -Kind Ollama; 'two', 'nope', 'one' | Get-VisionProvider; Get-VisionProvider 'no*'");

        Assert.Null(run.Terminating);
        Assert.Equal(["two", "one"], run.Output.Select(o => (string)Prop(o, "Name")!));
        ContractAssert.Error(Assert.Single(run.Errors), "ProviderNotFound", "GetVisionProviderCommand", ErrorCategory.InvalidArgument, "nope");
    }

    [Fact]
    public void Get_PresetsSet_ListsTheBuiltInPresets()
    {
        HostedRun run = Run("Get-VisionProvider -ListAvailable");

        ContractAssert.Clean(run);
        Assert.All(run.Output, o => Assert.Equal("VisionPS.Core.Providers.ProviderPreset", o.BaseObject.GetType().FullName));
        PSObject llama = Assert.Single(run.Output, o => Prop(o, "Kind")!.ToString() == "LlamaCpp");
        Assert.Equal("http://localhost:8080/v1", Prop(llama, "BaseUrl"));
        Assert.Contains(run.Output, o => Prop(o, "Kind")!.ToString() == "AzureOpenAI");
    }

    [Fact]
    public void Get_ListAvailableWithName_IsAParameterBindingError()
    {
        HostedRun run = Run("Get-VisionProvider -Name one -ListAvailable");

        Assert.NotNull(run.Terminating);
        Assert.Equal("AmbiguousParameterSet,VisionPS.Commands.GetVisionProviderCommand", run.Terminating!.FullyQualifiedErrorId);
    }

    // ---- Remove-VisionProvider ----

    [Fact]
    public void Remove_ByName_RemovesAndWarnsWhenItWasTheDefault()
    {
        HostedRun run = Run("Set-VisionProvider one -Kind Ollama -Default; Set-VisionProvider two -Kind Ollama; Remove-VisionProvider one; '---'; Get-VisionProvider; Get-VisionProvider -Default");

        ContractAssert.Clean(run);
        Assert.Equal("---", run.Output[0].BaseObject);
        PSObject left = Assert.Single(run.Output.Skip(1));
        Assert.Equal("two", Prop(left, "Name"));
        Assert.Equal(false, Prop(left, "IsDefault"));
        Assert.Equal("'one' was the default profile; there is no default now. Choose one with Set-VisionProvider NAME -Default.", Assert.Single(run.Warnings).Message);
    }

    [Fact]
    public void Remove_PipedProfiles_BindByPropertyName()
    {
        HostedRun run = Run("Set-VisionProvider one -Kind Ollama; Set-VisionProvider two -Kind Ollama; Set-VisionProvider keep -Kind Ollama -Default; Get-VisionProvider t*, o* | Remove-VisionProvider; Get-VisionProvider");

        ContractAssert.Clean(run);
        Assert.Equal("keep", Prop(Assert.Single(run.Output), "Name"));
        Assert.Empty(run.Warnings);
    }

    [Fact]
    public void Remove_UnknownName_IsNonTerminatingAndTheRestAreRemoved()
    {
        HostedRun run = Run("Set-VisionProvider one -Kind Ollama; Set-VisionProvider two -Kind Ollama; Remove-VisionProvider nope, two -WarningAction SilentlyContinue; Get-VisionProvider");

        Assert.Null(run.Terminating);
        Assert.Equal("one", Prop(Assert.Single(run.Output), "Name"));
        ContractAssert.Error(Assert.Single(run.Errors), "ProviderNotFound", "RemoveVisionProviderCommand", ErrorCategory.InvalidArgument, "nope");
    }

    [Fact]
    public void Remove_WhatIf_KeepsTheProfile()
    {
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);

        HostedRun run = Run(shell, "Set-VisionProvider one -Kind Ollama; Remove-VisionProvider one -WhatIf; Get-VisionProvider");

        ContractAssert.Clean(run);
        Assert.Equal("one", Prop(Assert.Single(run.Output), "Name"));
        Assert.Contains(host.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal) && l.Contains("Remove provider profile", StringComparison.Ordinal));
    }

    [Fact]
    public void Remove_ConfirmAnsweredNo_KeepsTheProfile()
    {
        var host = new RecordingHost("No");
        using ModuleShell shell = fixture.Shell(host);

        HostedRun run = Run(shell, "Set-VisionProvider one -Kind Ollama; Remove-VisionProvider one -Confirm; Get-VisionProvider");

        ContractAssert.Clean(run);
        Assert.Equal("one", Prop(Assert.Single(run.Output), "Name"));
        Assert.Single(host.Prompts);
    }

    // ---- Test-VisionProvider ----

    [Fact]
    public void Test_ProfileNoSave_WritesAReportAndLeavesTheProfile()
    {
        HostedRun run = Run($"Set-VisionProvider local -BaseUrl $BaseUrl -KeyVariable {KeyVariable} -Model gpt-4o; Test-VisionProvider -Provider local -NoSave -Verbose; '---'; (Get-VisionProvider local).TestedAt");

        ContractAssert.Clean(run);
        PSObject report = run.Output[0];
        Assert.Equal("VisionPS.Core.Providers.ProviderTestReport", report.BaseObject.GetType().FullName);
        Assert.Equal("local", Prop(report, "Provider"));
        Assert.Equal("gpt-4o", Prop(report, "Model"));
        Assert.Equal(false, Prop(report, "Saved"));
        Assert.NotEmpty((System.Collections.IEnumerable)Prop(report, "Probes")!);
        Assert.Equal("---", run.Output[1].BaseObject);
        Assert.Equal(2, run.Output.Count);
        Assert.Contains(run.Verbose, v => v.Message.StartsWith($"Probing {fixture.BaseUrl}/chat/completions with model gpt-4o.", StringComparison.Ordinal));
    }

    [Fact]
    public void Test_Profile_SavesTheFindings()
    {
        HostedRun run = Run($"Set-VisionProvider local -BaseUrl $BaseUrl -KeyVariable {KeyVariable} -Model gpt-4o; Test-VisionProvider -Provider local; '---'; (Get-VisionProvider local).TestedAt");

        ContractAssert.Clean(run);
        Assert.Equal(true, Prop(run.Output[0], "Saved"));
        Assert.Equal(3, run.Output.Count);
        Assert.NotNull(run.Output[2]);
    }

    [Fact]
    public void Test_WhatIf_ProbesButSavesNothing()
    {
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);

        HostedRun run = Run(shell, $"Set-VisionProvider local -BaseUrl $BaseUrl -KeyVariable {KeyVariable} -Model gpt-4o; Test-VisionProvider -Provider local -WhatIf; '---'; (Get-VisionProvider local).TestedAt");

        ContractAssert.Clean(run);
        Assert.Equal(false, Prop(run.Output[0], "Saved"));
        Assert.Equal(2, run.Output.Count);
        Assert.Contains(host.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal) && l.Contains("Record the probed quirks", StringComparison.Ordinal));
    }

    [Fact]
    public void Test_BaseUrlAndApiKey_WithoutAProfile_IsNotSaved()
    {
        HostedRun run = Run("Test-VisionProvider -BaseUrl $BaseUrl -ApiKey $Key -Model gpt-4o");

        ContractAssert.Clean(run);
        PSObject report = Assert.Single(run.Output);
        Assert.Null(Prop(report, "Provider"));
        Assert.Equal(false, Prop(report, "Saved"));
        Assert.False(File.Exists(ProvidersJson));
    }

    [Fact]
    public void Test_UnknownProfile_IsANonTerminatingProviderNotFound()
    {
        HostedRun run = Run("Test-VisionProvider -Provider nope; 'after'");

        Assert.Null(run.Terminating);
        Assert.Equal("after", Assert.Single(run.Output).BaseObject);
        ContractAssert.Error(Assert.Single(run.Errors), "ProviderNotFound", "TestVisionProviderCommand", ErrorCategory.InvalidArgument, "nope");
        ContractAssert.NoKey(run);
    }

    public void Dispose()
    {
        _shell.Dispose();
        Directory.Delete(_config, recursive: true);
    }
}
