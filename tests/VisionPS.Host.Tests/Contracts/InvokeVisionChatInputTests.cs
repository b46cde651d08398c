using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;
using VisionPS.TestServer;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>Invoke-VisionChat's less common inputs and batch paths: custom objects, paths that resolve to nothing, batches that fail.</summary>
[Collection(ModuleCollection.Name)]
public sealed class InvokeVisionChatInputTests(ModuleFixture fixture) : IDisposable
{
    private const string Command = "InvokeVisionChatCommand";
    private readonly ModuleShell _shell = fixture.Shell();

    private HostedRun Run(string script) => _shell.Run(script, fixture.Variables);

    [Fact]
    public void ImportCsvRows_BindByTheirPathColumn()
    {
        HostedRun run = Run(
            "Get-ChildItem photos | Select-Object FullName | Export-Csv rows.csv; [pscustomobject]@{ Path = 'a.jpg' } | Export-Csv path.csv;" +
            "Import-Csv rows.csv | Invoke-VisionChat 'Describe' @Chat; Import-Csv path.csv | Invoke-VisionChat 'Describe' @Chat");

        ContractAssert.Clean(run);
        Assert.Equal(4, run.Output.Count);
    }

    [Fact]
    public void ObjectWithoutAPath_IsAnErrorForThatInput()
    {
        HostedRun run = Run("[pscustomobject]@{ Name = 'x' }, 'a.jpg' | Invoke-VisionChat 'Describe' @Chat");

        Assert.Null(run.Terminating);
        Assert.Single(run.Output);
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.EndsWith($",VisionPS.Commands.{Command}", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.NotNull(error.TargetObject);
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.RecommendedAction));
    }

    [Fact]
    public void WildcardMatchingNothing_AndAPathOnAnotherProvider_AreErrorsNamingThem()
    {
        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image 'nothing-*.jpg', 'Env:PA*', 'a.jpg' @Chat");

        Assert.Null(run.Terminating);
        Assert.Single(run.Output);
        Assert.Equal(2, run.Errors.Count);
        ContractAssert.Error(run.Errors[0], "ImageNotFound", Command, ErrorCategory.ObjectNotFound, "nothing-*.jpg");
        Assert.Equal("Env:PA*", run.Errors[1].TargetObject);
        Assert.Contains("Environment", run.Errors[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EstimateOverTheContext_WarnsBeforeSending()
    {
        // A catalog file of its own: a gpt-4o whose context is 500 tokens (entries with a built-in id replace it).
        string catalog = Path.Combine(fixture.Work, "small-context.json");
        File.WriteAllText(catalog, """
            { "version": 1, "models": [ { "id": "gpt-4o", "aliases": [], "provider": "openai", "vision": true, "contextLength": 500,
              "imageTokens": { "rule": "openai-tiles", "base": 85, "tile": 170 } } ] }
            """);

        HostedRun run = Run($"$env:VISIONPS_MODEL_CATALOG = '{catalog}'; try {{ Invoke-VisionChat 'Describe' -Image photos/*.jpg -Model gpt-4o -BaseUrl $BaseUrl -WhatIf }} finally {{ $env:VISIONPS_MODEL_CATALOG = $null }}");

        ContractAssert.Clean(run);
        // Three photos also draw the more-than-two-images advice; the context warning is the one under test.
        Assert.Single(run.Warnings, w => System.Text.RegularExpressions.Regex.IsMatch(w.Message, @"^The estimated prompt \([\d,]+ tokens\) is longer than gpt-4o's context \(500 tokens\); send fewer or smaller images, or use -Detail low\.$"));
    }

    [Fact]
    public void InvalidBaseUrl_TerminatesNamingIt()
    {
        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image a.jpg -BaseUrl 'ftp://example.com/v1' -ApiKey $Key");

        Assert.Empty(run.Output);
        Assert.NotNull(run.Terminating);
        Assert.Equal("ftp://example.com/v1", run.Terminating!.TargetObject);
        Assert.EndsWith($",VisionPS.Commands.{Command}", run.Terminating.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_ReportsBadImagesAndWarningsOnThePipelineThread()
    {
        File.Copy(RepoPaths.TestImage("gif/animated_30frames_80x80.gif"), Path.Combine(fixture.Work, "spinner.gif"), overwrite: true);

        HostedRun run = Run("'a.jpg', 'not-an-image.bin', 'spinner.gif', 'b.jpg' | Invoke-VisionChat 'Describe' @Chat -ThrottleLimit 3 -MaxSize 100");

        Assert.Null(run.Terminating);
        Assert.Equal(3, run.Output.Count);
        ContractAssert.Error(Assert.Single(run.Errors), "ImageFormatNotRecognized", Command, ErrorCategory.InvalidData, "not-an-image.bin");
        Assert.Contains("only its first frame was sent", Assert.Single(run.Warnings).Message, StringComparison.Ordinal);
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void Batch_OfConversations_AnswersEachOne()
    {
        HostedRun run = Run("$r = 'a.jpg', 'b.jpg' | Invoke-VisionChat 'Describe' @Chat; $r | Invoke-VisionChat 'More?' @Chat -ThrottleLimit 2");

        ContractAssert.Clean(run);
        Assert.Equal(2, run.Output.Count);
    }

    [Fact]
    public void Batch_StopsAtTheFirstAuthenticationFailure()
    {
        HostedRun run = Run("Get-ChildItem photos/*.jpg | Invoke-VisionChat 'Describe' -BaseUrl $BaseUrl -ApiKey 'not-the-key' -Model gpt-4o -ThrottleLimit 2");

        Assert.Empty(run.Output);
        Assert.NotNull(run.Terminating);
        Assert.StartsWith("ApiAuthenticationFailed,", run.Terminating!.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_StoppedMidway_EndsQuietly()
    {
        fixture.Server.EnqueueFault(Fault.Stall(1));
        fixture.Server.EnqueueFault(Fault.Stall(1));
        int before = fixture.Server.Requests.Count;
        using PowerShell shell = _shell.Create("Get-ChildItem photos/*.jpg | Invoke-VisionChat 'Describe' @Chat -ThrottleLimit 2", fixture.Variables);

        IAsyncResult pending = shell.BeginInvoke();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (fixture.Server.Requests.Count < before + 2)
        {
            await Task.Delay(10, deadline.Token);
        }

        shell.Stop();

        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(pending));
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Empty(shell.Streams.Error);
    }

    public void Dispose() => _shell.Dispose();
}
