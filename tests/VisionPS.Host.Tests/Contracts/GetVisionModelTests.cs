using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

[Collection(ModuleCollection.Name)]
public sealed class GetVisionModelTests(ModuleFixture fixture) : IDisposable
{
    private const string Command = "GetVisionModelCommand";
    private readonly ModuleShell _shell = fixture.Shell();

    private HostedRun Run(string script) => _shell.Run(script, fixture.Variables);

    [Fact]
    public void Offline_ListsCatalogModelsMatchingTheWildcards()
    {
        HostedRun run = Run("Get-VisionModel 'gpt-4o*' -Offline");

        ContractAssert.Clean(run);
        Assert.NotEmpty(run.Output);
        Assert.All(run.Output, m => Assert.StartsWith("gpt-4o", (string)m.Properties["Id"].Value, StringComparison.OrdinalIgnoreCase));
        Assert.All(run.Output, m => Assert.Equal("VisionPS.VisionModel", m.TypeNames[0]));
    }

    [Fact]
    public void NamesFromThePipeline_BindByValue()
    {
        HostedRun run = Run("'gpt-4o', 'gpt-4.1' | Get-VisionModel -Offline");

        ContractAssert.Clean(run);
        Assert.Equal(["gpt-4.1", "gpt-4o"], run.Output.Select(m => (string)m.Properties["Id"].Value).Order());
    }

    [Fact]
    public void Live_MergesTheProvidersListWithTheCatalog()
    {
        HostedRun run = Run("Get-VisionModel -Vision -BaseUrl $BaseUrl -ApiKey $Key");

        ContractAssert.Clean(run);
        PSObject served = Assert.Single(run.Output, m => (string)m.Properties["Id"].Value == "text-only-model");
        Assert.Equal(true, served.Properties["Listed"].Value);
        Assert.Null(served.Properties["Vision"].Value);
        Assert.Equal(true, Assert.Single(run.Output, m => (string)m.Properties["Id"].Value == "gpt-4o").Properties["Listed"].Value);
    }

    [Fact]
    public void UnknownName_IsANonTerminatingErrorNamingIt()
    {
        HostedRun run = Run("Get-VisionModel 'gpt-4o', 'no-such-model' -Offline");

        Assert.Null(run.Terminating);
        Assert.Single(run.Output);
        ContractAssert.Error(Assert.Single(run.Errors), "ModelNotFound", Command, ErrorCategory.InvalidArgument, "no-such-model");
    }

    [Fact]
    public void UnreachableProvider_WarnsAndStillListsTheCatalog()
    {
        HostedRun run = Run("Get-VisionModel gpt-4o -BaseUrl http://127.0.0.1:9/v1 -ApiKey $Key -ConnectTimeoutSec 5");

        ContractAssert.Clean(run);
        Assert.Single(run.Output);
        Assert.StartsWith("Only the catalog is shown: the provider's model list could not be read (", Assert.Single(run.Warnings).Message, StringComparison.Ordinal);
        Assert.EndsWith("Use -Offline to skip asking.", run.Warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenCatalogFile_TerminatesNamingTheFile()
    {
        string catalog = Path.Combine(fixture.Work, "broken-catalog.json");
        File.WriteAllText(catalog, "{ not json");

        HostedRun run = Run($"$env:VISIONPS_MODEL_CATALOG = '{catalog}'; try {{ Get-VisionModel -Offline }} finally {{ $env:VISIONPS_MODEL_CATALOG = $null }}");

        Assert.Empty(run.Output);
        Assert.NotNull(run.Terminating);
        Assert.Equal(catalog, run.Terminating!.TargetObject);
        Assert.Equal("ModelCatalogInvalid,VisionPS.Commands.GetVisionModelCommand", run.Terminating.FullyQualifiedErrorId);
        Assert.False(string.IsNullOrWhiteSpace(run.Terminating.ErrorDetails?.RecommendedAction));
    }

    public void Dispose() => _shell.Dispose();
}
