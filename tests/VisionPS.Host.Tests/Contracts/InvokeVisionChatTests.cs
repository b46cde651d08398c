using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;
using VisionPS.TestServer;

namespace VisionPS.Host.Tests.Contracts;

[Collection(ModuleCollection.Name)]
public sealed class InvokeVisionChatTests(ModuleFixture fixture) : IDisposable
{
    private const string Command = "InvokeVisionChatCommand";
    private readonly ModuleShell _shell = fixture.Shell();

    private HostedRun Run(string script) => _shell.Run(script, fixture.Variables);

    private int RequestCount => fixture.Server.Requests.Count;

    [Fact]
    public void OneImage_StreamsTheAnswerToTheHostAndWritesOneResult()
    {
        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image a.jpg @Chat -Verbose");

        ContractAssert.Clean(run);
        PSObject result = Assert.Single(run.Output);
        Assert.Equal("VisionPS.ChatResult", result.TypeNames[0]);
        string text = (string)result.Properties["Text"].Value;
        Assert.Contains("image/jpeg", text, StringComparison.Ordinal);
        Assert.Equal(text + "\n", run.HostText);
        Assert.All(run.Information, i => Assert.Equal(["PSHOST"], i.Tags));
        Assert.All(run.Information, i => Assert.IsType<HostInformationMessage>(i.MessageData));
        // Preparation, ShouldProcess's description (with the estimate), the request, the answer.
        Assert.Equal(4, run.Verbose.Count);
        Assert.StartsWith($"{Path.Combine(fixture.Work, "a.jpg")}: 227x149 image/jpeg", run.Verbose[0].Message, StringComparison.Ordinal);
        Assert.StartsWith($"Send a request to gpt-4o at {fixture.BaseUrl}\n", run.Verbose[1].Message, StringComparison.Ordinal);
        Assert.Contains("\n  Estimate: ~", run.Verbose[1].Message, StringComparison.Ordinal);
        Assert.StartsWith($"POST {fixture.BaseUrl}/chat/completions: model gpt-4o, 1 message(s), 1 image(s) (", run.Verbose[2].Message, StringComparison.Ordinal);
        Assert.EndsWith("bytes), streaming.", run.Verbose[2].Message, StringComparison.Ordinal);
        Assert.Matches(@"^Answer from gpt-4o: finish stop, \d+ in \+ \d+ out = \d+ tokens, \d+\.\d\d s, request id req_\d+\.$", run.Verbose[3].Message);
        Assert.Empty(run.Warnings);
        Assert.Empty(run.Progress);
    }

    [Fact]
    public void NoStream_WritesTheTextOnceAndSaysNotStreaming()
    {
        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image b.jpg @Chat -NoStream -Verbose");

        ContractAssert.Clean(run);
        Assert.EndsWith("not streaming.", run.Verbose[2].Message, StringComparison.Ordinal);
        Assert.Equal(Assert.Single(run.Output).Properties["Text"].Value + "\n", run.HostText);
    }

    [Fact]
    public void InformationActionIgnore_SilencesTheHostButTheResultHoldsTheText()
    {
        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image b.jpg @Chat -InformationAction Ignore");

        ContractAssert.Clean(run);
        Assert.Empty(run.Information);
        Assert.NotEmpty((string)Assert.Single(run.Output).Properties["Text"].Value);
    }

    [Fact]
    public void PipedFileInfo_OneRequestPerImage()
    {
        int before = RequestCount;

        HostedRun run = Run("Get-ChildItem photos/*.jpg | Invoke-VisionChat 'Describe' @Chat");

        ContractAssert.Clean(run);
        Assert.Equal(3, run.Output.Count);
        Assert.Equal(3, RequestCount - before);
        Assert.Equal(["one.jpg", "three.jpg", "two.jpg"], run.Output.Select(r => Path.GetFileName(((IEnumerable<string>)r.Properties["Images"].Value).Single())).Order());
    }

    [Fact]
    public void PipedPathStrings_WithSingleRequest_GoTogether()
    {
        int before = RequestCount;

        HostedRun run = Run("'a.jpg', 'b.jpg' | Invoke-VisionChat 'Compare' @Chat -SingleRequest");

        ContractAssert.Clean(run);
        Assert.Equal(2, ((IEnumerable<string>)Assert.Single(run.Output).Properties["Images"].Value).Count());
        Assert.Equal(1, RequestCount - before);
    }

    [Fact]
    public void ImportCsvRows_ThroughConvertToImagePart_AreSent()
    {
        HostedRun run = Run("Get-ChildItem photos | Select-Object FullName | Export-Csv list.csv; Import-Csv list.csv | ConvertTo-ImagePart | Invoke-VisionChat 'Describe' @Chat");

        ContractAssert.Clean(run);
        Assert.Equal(3, run.Output.Count);
    }

    [Fact]
    public void PipedImagePart_IsSentAsItIs()
    {
        HostedRun run = Run("ConvertTo-ImagePart -Uri https://example.com/cat.png -Detail low | Invoke-VisionChat 'Describe' @Chat");

        ContractAssert.Clean(run);
        Assert.Contains("https://example.com/cat.png", (string)Assert.Single(run.Output).Properties["Text"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void PipedChatResult_ContinuesTheConversation()
    {
        HostedRun run = Run("$r = Invoke-VisionChat 'Describe' -Image a.jpg @Chat; $r | Invoke-VisionChat 'And the colours?' @Chat");

        ContractAssert.Clean(run);
        Assert.Equal(4, ((System.Collections.ICollection)Assert.Single(run.Output).Properties["Messages"].Value).Count);
    }

    [Fact]
    public void ConversationParameter_ContinuesTheConversation()
    {
        HostedRun run = Run("$r = Invoke-VisionChat 'Describe' -Image a.jpg @Chat; Invoke-VisionChat 'And the colours?' -Conversation $r @Chat");

        ContractAssert.Clean(run);
        Assert.Equal(4, ((System.Collections.ICollection)Assert.Single(run.Output).Properties["Messages"].Value).Count);
    }

    [Fact]
    public void PipedVisionModel_BindsModelByPropertyName()
    {
        HostedRun run = Run("Get-VisionModel gpt-4.1 -Offline | Invoke-VisionChat 'Hello' -BaseUrl $BaseUrl -ApiKey $Key");

        ContractAssert.Clean(run);
        Assert.Equal("gpt-4.1", Assert.Single(run.Output).Properties["Model"].Value);
    }

    [Fact]
    public void RequestBodyOnly_WritesJsonAndSendsNothingWithoutAKey()
    {
        int before = RequestCount;

        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image a.jpg -Model gpt-4o -BaseUrl https://api.openai.com/v1 -RequestBodyOnly");

        ContractAssert.Clean(run);
        string json = Assert.IsType<string>(Assert.Single(run.Output).BaseObject);
        Assert.Contains("\"model\":\"gpt-4o\"", json, StringComparison.Ordinal);
        Assert.Contains("data:image/jpeg;base64,", json, StringComparison.Ordinal);
        Assert.Equal(before, RequestCount);
    }

    [Fact]
    public void BadInputs_AreNonTerminatingErrorsAndTheRestIsAnswered()
    {
        HostedRun run = Run("'a.jpg', 'not-an-image.bin', 'b.jpg' | Invoke-VisionChat 'Describe' @Chat");

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        ContractAssert.Error(Assert.Single(run.Errors), "ImageFormatNotRecognized", Command, ErrorCategory.InvalidData, "not-an-image.bin");
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void ServerError_IsNonTerminatingWithTheInputAsTarget()
    {
        fixture.Server.EnqueueFault(Fault.Status(500, "The server had an error while processing your request."));

        HostedRun run = Run("'a.jpg', 'b.jpg' | Invoke-VisionChat 'Describe' @Chat -MaximumRetryCount 0");

        Assert.Null(run.Terminating);
        Assert.Single(run.Output);
        ContractAssert.Error(Assert.Single(run.Errors), "ApiServerError", Command, ErrorCategory.ResourceUnavailable, "a.jpg");
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void RateLimited_IsRetriedAndTheRetryIsInTheVerboseStream()
    {
        fixture.Server.EnqueueFault(Fault.RateLimited(TimeSpan.FromMilliseconds(20)));

        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image a.jpg @Chat -Verbose");

        ContractAssert.Clean(run);
        Assert.Equal(2, Assert.Single(run.Output).Properties["Attempts"].Value);
        Assert.Contains(run.Verbose, v => v.Message.Contains("429", StringComparison.Ordinal) && v.Message.Contains("retry", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void WrongKey_TerminatesWithAuthenticationFailedAndNeverShowsTheKey()
    {
        HostedRun run = Run("'a.jpg', 'b.jpg' | Invoke-VisionChat 'Describe' -BaseUrl $BaseUrl -ApiKey 'wrong-key-123' -Model gpt-4o");

        Assert.Empty(run.Output);
        Assert.NotNull(run.Terminating);
        ContractAssert.Error(run.Terminating!, "ApiAuthenticationFailed", Command, ErrorCategory.AuthenticationError, "a.jpg");
        Assert.All(run.AllText(), t => Assert.DoesNotContain("wrong-key-123", t, StringComparison.Ordinal));
    }

    [Fact]
    public void NoKeyForARemoteProvider_TerminatesBeforeSending()
    {
        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image a.jpg -BaseUrl https://api.openai.com/v1 -Model gpt-4o");

        Assert.Empty(run.Output);
        Assert.NotNull(run.Terminating);
        Assert.Equal("ApiKeyMissing,VisionPS.Commands.InvokeVisionChatCommand", run.Terminating!.FullyQualifiedErrorId);
        Assert.False(string.IsNullOrWhiteSpace(run.Terminating.ErrorDetails?.RecommendedAction));
    }

    [Fact]
    public void UnknownModel_TerminatesWithModelNotFound()
    {
        HostedRun run = Run("'a.jpg', 'b.jpg' | Invoke-VisionChat 'Describe' -BaseUrl $BaseUrl -ApiKey $Key -Model no-such-model");

        Assert.Empty(run.Output);
        Assert.Equal("ModelNotFound,VisionPS.Commands.InvokeVisionChatCommand", run.Terminating?.FullyQualifiedErrorId);
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void MaxCost_StopsTheRequestThatWouldPassIt()
    {
        int before = RequestCount;

        HostedRun run = Run("Invoke-VisionChat 'Describe' -Image a.jpg @Chat -MaxCost 0.0000001");

        Assert.Empty(run.Output);
        ErrorRecord error = run.Terminating ?? Assert.Single(run.Errors);
        Assert.StartsWith("CostLimitExceeded,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(before, RequestCount);
    }

    [Fact]
    public void ThrottleLimit_WritesProgressEndingInACompletedRecordAndNoHostText()
    {
        HostedRun run = Run("Get-ChildItem photos/*.jpg | Invoke-VisionChat 'Describe' @Chat -ThrottleLimit 2 -PreserveOrder -Verbose");

        ContractAssert.Clean(run);
        Assert.Equal(["one.jpg", "three.jpg", "two.jpg"], run.Output.Select(r => Path.GetFileName(((IEnumerable<string>)r.Properties["Images"].Value).Single())));
        Assert.Empty(run.Information);
        Assert.NotEmpty(run.Progress);
        Assert.Equal(ProgressRecordType.Completed, run.Progress[^1].RecordType);
        Assert.All(run.Progress, p => Assert.Equal(run.Progress[0].ActivityId, p.ActivityId));
        Assert.StartsWith("Batch: 3 done, 0 failed, 0 cancelled in ", run.Verbose[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_SendsNothingAndShowsTheEstimate()
    {
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);
        int before = RequestCount;

        HostedRun run = shell.Run("Get-ChildItem photos/*.jpg | Invoke-VisionChat 'Describe' -BaseUrl $BaseUrl -Model gpt-4o -WhatIf", fixture.Variables);

        ContractAssert.Clean(run);
        Assert.Empty(run.Output);
        Assert.Equal(before, RequestCount);
        Assert.Equal(3, host.Lines.Count(l => l.StartsWith("What if: ", StringComparison.Ordinal)));
        Assert.Contains(host.Lines, l => l.Contains("Estimate: ~", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("No", 0)]
    [InlineData("Yes", 1)]
    public void Confirm_AsksBeforeEachRequest(string answer, int sent)
    {
        var host = new RecordingHost(answer);
        using ModuleShell shell = fixture.Shell(host);
        int before = RequestCount;

        HostedRun run = shell.Run("Invoke-VisionChat 'Describe' -Image a.jpg @Chat -Confirm", fixture.Variables);

        ContractAssert.Clean(run);
        Assert.Equal(sent, run.Output.Count);
        Assert.Equal(sent, RequestCount - before);
        Assert.Equal("Send a request to gpt-4o?", Assert.Single(host.Prompts));
    }

    [Fact]
    public async Task Stop_DuringARequest_EndsQuietlyWithoutAnError()
    {
        fixture.Server.EnqueueFault(Fault.Stall(1));
        int before = RequestCount;
        using PowerShell shell = _shell.Create("Invoke-VisionChat 'Describe' -Image a.jpg @Chat", fixture.Variables);
        var output = new PSDataCollection<PSObject>();

        IAsyncResult pending = shell.BeginInvoke<PSObject, PSObject>(null, output);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (RequestCount == before)
        {
            await Task.Delay(10, deadline.Token);
        }

        shell.Stop();

        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(pending));
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Empty(output);
        Assert.Empty(shell.Streams.Error);
    }

    public void Dispose() => _shell.Dispose();
}
