using System.Management.Automation;
using VisionPS.Host.Tests.Contracts;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Matrix;

/// <summary>
/// What the one connection step gives beyond the matrix cases: a batch job remembers its profile (and says so when
/// the profile has gone), and -Model completes from the list of the provider named by -Provider.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ConnectionStepTests(ModuleFixture fixture) : IAsyncLifetime
{
    private MatrixWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new MatrixWorld(fixture);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private IReadOnlyList<string> Complete(string line)
    {
        HostedRun run = _world.Shell.Run("(TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText", new Dictionary<string, object?> { ["Line"] = line });
        ContractAssert.Clean(run);
        return run.Output.Select(o => (string)o.BaseObject).ToList();
    }

    [Fact]
    public void BatchJob_RemembersItsProfile_SoLaterCommandsNeedNoProvider()
    {
        Assert.Null(_world.MakeJob("-Provider p"));
        string job = (string)_world.Shell.Run("$MatrixJob").Output.Single().BaseObject;
        Assert.Contains("\"provider\":\"p\"", File.ReadAllText(Path.Combine(job, "job.json")), StringComparison.Ordinal);
        Dictionary<LoopbackRelay, int> mark = _world.Mark();

        HostedRun get = _world.Shell.Run("Get-VisionBatch -JobPath $MatrixJob");

        ContractAssert.Clean(get);
        Assert.NotEmpty(get.Output);
        IReadOnlyList<RelayedRequest> sent = MatrixWorld.Since(mark, _world.Named);
        Assert.NotEmpty(sent);
        Assert.All(sent, r => Assert.True(r.Carries(ModuleFixture.Key)));
        Assert.Empty(MatrixWorld.Since(mark, _world.Home)); // not the default profile's server
    }

    [Fact]
    public void BatchJob_ReceivedLines_AreJournalledUnderTheJobsProfile()
    {
        Assert.Null(_world.MakeJob("-Provider p"));
        fixture.Server.BatchClock.Advance(TimeSpan.FromSeconds(300)); // the test server's batch window, not a wait

        HostedRun receive = _world.Shell.Run("Receive-VisionBatch -JobPath $MatrixJob | Out-Null; @(Get-VisionHistory | Where-Object Command -eq 'Receive-VisionBatch' | ForEach-Object Profile)");

        ContractAssert.Clean(receive);
        Assert.NotEmpty(receive.Output);
        Assert.All(receive.Output, profile => Assert.Equal("p", profile.BaseObject as string));
    }

    [Theory]
    [InlineData("Get-VisionBatch -JobPath $MatrixJob", "GetVisionBatchCommand")]
    [InlineData("Receive-VisionBatch -JobPath $MatrixJob", "ReceiveVisionBatchCommand")]
    [InlineData("Stop-VisionBatch -JobPath $MatrixJob", "StopVisionBatchCommand")]
    public void BatchJob_WhoseProfileHasGone_IsProviderNotFoundNamingIt(string command, string cmdletClass)
    {
        _world.Shell.Run($"Set-VisionProvider gone -BaseUrl '{_world.Url(_world.Named)}' -KeyVariable {MatrixWorld.KeyVariable} -Model gpt-4o");
        Assert.Null(_world.MakeJob("-Provider gone"));
        _world.Shell.Run("Remove-VisionProvider gone");
        Dictionary<LoopbackRelay, int> mark = _world.Mark();

        HostedRun run = _world.Shell.Run(command);

        ErrorRecord error = run.Terminating ?? Assert.Single(run.Errors);
        Assert.Equal($"ProviderNotFound,VisionPS.Commands.{cmdletClass}", error.FullyQualifiedErrorId);
        Assert.Contains("'gone'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("no longer saved", error.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.RecommendedAction));
        Assert.All(_world.Relays, r => Assert.Empty(MatrixWorld.Since(mark, r.Relay)));
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void ModelCompletion_FollowsProvider()
    {
        _world.Shell.Run($"Set-VisionProvider mine -BaseUrl '{_world.Url(_world.Named)}' -KeyVariable {MatrixWorld.KeyVariable} -Model my-own-model");
        Assert.Equal(["my-own-model"], Complete("Invoke-VisionChat 'Describe' -Provider mine -Model my-"));
        Assert.Empty(Complete("Invoke-VisionChat 'Describe' -Model my-")); // the default profile names another model

        Assert.Empty(Complete("Invoke-VisionChat 'Describe' -Provider p -Model text-"));
        ContractAssert.Clean(_world.Shell.Run("Get-VisionModel -Provider p -Refresh | Out-Null"));
        Assert.Equal(["text-only-model"], Complete("Submit-VisionBatch 'Describe' -Provider p -Model text-"));
        Assert.Empty(Complete("Submit-VisionBatch 'Describe' -Model text-")); // listed for p's server, not the default's
        Assert.Empty(Complete("Invoke-VisionChat 'Describe' -Provider nosuch -Model text-"));
    }
}
