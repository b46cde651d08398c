using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>
/// Submit-, Get-, Receive- and Stop-VisionBatch in a real runspace against the test server. Each test has its own job
/// folder; the server's batch clock moves only when a test advances it. Get-, Receive- and Stop- take the base URL from
/// the job file and the key from -ApiKey (the fixture clears the provider variables).
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class VisionBatchTests(ModuleFixture fixture) : IDisposable
{
    private readonly ModuleShell _shell = fixture.Shell();
    private readonly string _job = Path.Combine(fixture.Work, "batch-job-" + Guid.NewGuid().ToString("N")[..8]);

    private static readonly string[] Photos = ["one.jpg", "three.jpg", "two.jpg"];

    private HostedRun Run(string script)
    {
        Dictionary<string, object?> variables = fixture.Variables;
        variables["Job"] = _job;
        return _shell.Run(script, variables);
    }

    private IEnumerable<string> PhotoPaths => Photos.Select(p => Path.Combine(fixture.Work, "photos", p));

    private void AdvanceClock(int seconds) => fixture.Server.BatchClock.Advance(TimeSpan.FromSeconds(seconds));

    private static T Property<T>(PSObject o, string name) => (T)o.Properties[name].Value;

    private static IEnumerable<string> FirstImages(IEnumerable<PSObject> results) =>
        results.Select(r => ((IEnumerable<string>)r.Properties["Images"].Value).Single());

    /// <summary>Submits photos/*.jpg as one job in <see cref="_job"/>.</summary>
    private PSObject SubmitPhotos()
    {
        HostedRun submit = Run("Get-ChildItem photos/*.jpg | Submit-VisionBatch 'Describe' @Chat -JobPath $Job");
        ContractAssert.Clean(submit);
        return Assert.Single(submit.Output);
    }

    [Fact]
    public void WhatIf_ShowsTheSplitAndTheBatchPriceAndUploadsNothing()
    {
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);
        int uploads = fixture.Server.Uploads.Count;
        Dictionary<string, object?> variables = fixture.Variables;
        variables["Job"] = _job;

        HostedRun run = shell.Run("Get-ChildItem photos/*.jpg | Submit-VisionBatch 'Describe' -BaseUrl $BaseUrl -Model gpt-4o -JobPath $Job -MaxRequestsPerBatch 2 -WhatIf", variables);

        ContractAssert.Clean(run);
        Assert.Empty(run.Output);
        Assert.Equal(uploads, fixture.Server.Uploads.Count);
        Assert.False(Directory.Exists(_job), "-WhatIf created the job folder");
        string whatIf = Assert.Single(host.Lines, l => l.StartsWith("What if: ", StringComparison.Ordinal));
        Assert.Contains("Submit 3 requests to gpt-4o at ", whatIf, StringComparison.Ordinal);
        Assert.Contains("as 2 batch(es)", whatIf, StringComparison.Ordinal);
        Assert.Contains("batch 1: 2 requests", whatIf, StringComparison.Ordinal);
        Assert.Contains("batch 2: 1 requests", whatIf, StringComparison.Ordinal);
        Assert.Contains("Estimate: ~", whatIf, StringComparison.Ordinal);
        Assert.Contains("USD at the batch price", whatIf, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_WritesTheJobAndGetVisionBatchReportsItsBatches()
    {
        int uploads = fixture.Server.Uploads.Count;

        PSObject job = SubmitPhotos();

        Assert.Equal("VisionPS.VisionBatchJob", job.TypeNames[0]);
        Assert.Equal(_job, Property<string>(job, "JobPath"));
        Assert.Equal("gpt-4o", Property<string>(job, "Model"));
        Assert.Equal(3, Property<int>(job, "Requests"));
        Assert.Equal(0, Property<int>(job, "Skipped"));
        string batchId = Assert.Single(Property<IEnumerable<string>>(job, "BatchIds"));
        Assert.StartsWith("batch_", batchId, StringComparison.Ordinal);
        Assert.Equal(uploads + 1, fixture.Server.Uploads.Count);
        Assert.True(File.Exists(Path.Combine(_job, "job.json")));

        HostedRun run = Run("Get-VisionBatch -JobPath $Job -ApiKey $Key");

        ContractAssert.Clean(run);
        PSObject status = Assert.Single(run.Output);
        Assert.Equal("VisionPS.VisionBatchStatus", status.TypeNames[0]);
        Assert.Equal(batchId, Property<string>(status, "BatchId"));
        Assert.Equal(_job, Property<string>(status, "JobPath"));
        Assert.Equal(0, Property<int>(status, "Completed") + Property<int>(status, "Failed"));
        Assert.False(Property<bool>(status, "IsFinished"));
        Assert.Contains(Property<string>(status, "Status"), new[] { "validating", "in_progress" });
        Assert.Empty(run.Warnings);
    }

    [Fact]
    public void PipedJob_BindsJobPathForGetVisionBatch()
    {
        HostedRun run = Run("$j = Get-ChildItem photos/*.jpg | Submit-VisionBatch 'Describe' @Chat -JobPath $Job; $j | Get-VisionBatch -ApiKey $Key");

        ContractAssert.Clean(run);
        PSObject status = Assert.Single(run.Output, o => o.TypeNames[0] == "VisionPS.VisionBatchStatus");
        Assert.Equal(_job, Property<string>(status, "JobPath"));
    }

    [Fact]
    public void Receive_AfterTheClockMoves_WritesOneChatResultPerInputOnce()
    {
        SubmitPhotos();
        AdvanceClock(300);

        HostedRun status = Run("Get-VisionBatch -JobPath $Job -ApiKey $Key");
        ContractAssert.Clean(status);
        Assert.Equal("completed", Property<string>(Assert.Single(status.Output), "Status"));
        Assert.Equal(100, Property<int?>(Assert.Single(status.Output), "PercentComplete"));

        HostedRun run = Run("Receive-VisionBatch -JobPath $Job -ApiKey $Key -Verbose");

        ContractAssert.Clean(run);
        Assert.Equal(3, run.Output.Count);
        Assert.All(run.Output, r => Assert.Equal("VisionPS.ChatResult", r.TypeNames[0]));
        Assert.Equal(PhotoPaths, FirstImages(run.Output).Order());
        Assert.All(run.Output, r => Assert.Equal("gpt-4o", Property<string>(r, "Model")));
        Assert.All(run.Output, r => Assert.Contains("image/jpeg", Property<string>(r, "Text"), StringComparison.Ordinal));
        Assert.Contains(run.Verbose, v => v.Message.Contains("3 results and errors received", StringComparison.Ordinal));

        HostedRun again = Run("Receive-VisionBatch -JobPath $Job -ApiKey $Key");
        ContractAssert.Clean(again);
        Assert.Empty(again.Output);

        HostedRun all = Run("Receive-VisionBatch -JobPath $Job -ApiKey $Key -All");
        ContractAssert.Clean(all);
        Assert.Equal(PhotoPaths, FirstImages(all.Output).Order());
    }

    [Fact]
    public void Receive_BeforeTheBatchEnds_IsANonTerminatingBatchNotFinished()
    {
        PSObject job = SubmitPhotos();
        string batchId = Property<IEnumerable<string>>(job, "BatchIds").Single();

        HostedRun run = Run("Receive-VisionBatch -JobPath $Job -ApiKey $Key");

        Assert.Null(run.Terminating);
        Assert.Empty(run.Output);
        ContractAssert.Error(Assert.Single(run.Errors), "BatchNotFinished", "ReceiveVisionBatchCommand", ErrorCategory.ResourceUnavailable, batchId);
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void BadImage_AtSubmit_IsNonTerminatingWithTheInputAsTargetAndTheRestIsSubmitted()
    {
        HostedRun run = Run("'a.jpg', 'not-an-image.bin', 'b.jpg' | Submit-VisionBatch 'Describe' @Chat -JobPath $Job");

        Assert.Null(run.Terminating);
        ContractAssert.Error(Assert.Single(run.Errors), "ImageFormatNotRecognized", "SubmitVisionBatchCommand", ErrorCategory.InvalidData, "not-an-image.bin");
        Assert.Equal(2, Property<int>(Assert.Single(run.Output), "Requests"));
        ContractAssert.NoKey(run);

        AdvanceClock(300);
        HostedRun received = Run("Receive-VisionBatch -JobPath $Job -ApiKey $Key");
        ContractAssert.Clean(received);
        Assert.Equal(new[] { "a.jpg", "b.jpg" }.Select(f => Path.Combine(fixture.Work, f)), FirstImages(received.Output).Order());
    }

    [Fact]
    public void FailedLine_AtReceive_IsNonTerminatingWithTheInputAsTarget()
    {
        HostedRun run;
        fixture.Server.FailEveryNthBatchLine = 2;
        try
        {
            // The server runs a batch's lines lazily, when it is looked at: keep the fault until Receive has looked.
            SubmitPhotos();
            AdvanceClock(300);
            run = Run("Receive-VisionBatch -JobPath $Job -ApiKey $Key");
        }
        finally
        {
            fixture.Server.FailEveryNthBatchLine = 0;
        }

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        ErrorRecord error = Assert.Single(run.Errors);
        string failed = Assert.Single(PhotoPaths.Except(FirstImages(run.Output)));
        ContractAssert.Error(error, "ApiServerError", "ReceiveVisionBatchCommand", ErrorCategory.ResourceUnavailable, failed);
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void Stop_CancelsTheJobsBatchesAndWhatNeverRanComesBackCancelled()
    {
        PSObject job = SubmitPhotos();
        string batchId = Property<IEnumerable<string>>(job, "BatchIds").Single();

        HostedRun stop = Run("Stop-VisionBatch -JobPath $Job -ApiKey $Key -Confirm:$false");

        ContractAssert.Clean(stop);
        PSObject cancelling = Assert.Single(stop.Output);
        Assert.Equal("VisionPS.VisionBatchStatus", cancelling.TypeNames[0]);
        Assert.Equal(batchId, Property<string>(cancelling, "BatchId"));
        Assert.Equal("cancelling", Property<string>(cancelling, "Status"));

        AdvanceClock(30);
        HostedRun status = Run($"Get-VisionBatch -Id '{batchId}' -BaseUrl $BaseUrl -ApiKey $Key");
        ContractAssert.Clean(status);
        Assert.Equal("cancelled", Property<string>(Assert.Single(status.Output), "Status"));

        HostedRun run = Run("Receive-VisionBatch -JobPath $Job -ApiKey $Key");

        Assert.Null(run.Terminating);
        Assert.Empty(run.Output);
        Assert.Equal(3, run.Errors.Count);
        Assert.All(run.Errors, e => Assert.Equal("BatchRequestCancelled,VisionPS.Commands.ReceiveVisionBatchCommand", e.FullyQualifiedErrorId));
        Assert.Equal(PhotoPaths, run.Errors.Select(e => (string)(e.TargetObject is PSObject p ? p.BaseObject : e.TargetObject)).Order());
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void Stop_WithWhatIf_CancelsNothing()
    {
        SubmitPhotos();

        HostedRun stop = Run("Stop-VisionBatch -JobPath $Job -ApiKey $Key -WhatIf");

        ContractAssert.Clean(stop);
        Assert.Empty(stop.Output);
        HostedRun status = Run("Get-VisionBatch -JobPath $Job -ApiKey $Key");
        Assert.DoesNotContain(Property<string>(Assert.Single(status.Output), "Status"), new[] { "cancelling", "cancelled" });
    }

    [Fact]
    public void List_WritesTheProvidersBatchesIncludingThisOne()
    {
        string batchId = Property<IEnumerable<string>>(SubmitPhotos(), "BatchIds").Single();

        HostedRun run = Run("Get-VisionBatch -List -First 100 -BaseUrl $BaseUrl -ApiKey $Key");

        ContractAssert.Clean(run);
        Assert.NotEmpty(run.Output);
        Assert.All(run.Output, o => Assert.Equal("VisionPS.VisionBatchStatus", o.TypeNames[0]));
        Assert.Contains(batchId, run.Output.Select(o => Property<string>(o, "BatchId")));
    }

    [Theory]
    [InlineData("Get-VisionBatch", "GetVisionBatchCommand")]
    [InlineData("Receive-VisionBatch", "ReceiveVisionBatchCommand")]
    [InlineData("Stop-VisionBatch", "StopVisionBatchCommand")]
    public void FolderWithoutAJob_IsANonTerminatingBatchJobNotFound(string cmdlet, string command)
    {
        Directory.CreateDirectory(_job);

        HostedRun run = Run($"{cmdlet} -JobPath $Job -ApiKey $Key; 'after'");

        Assert.Null(run.Terminating);
        Assert.Equal("after", Assert.Single(run.Output).BaseObject);
        ErrorRecord error = Assert.Single(run.Errors);
        ContractAssert.Error(error, "BatchJobNotFound", command, ErrorCategory.ObjectNotFound, _job);
        Assert.Contains(_job, error.Exception.Message, StringComparison.Ordinal);
        ContractAssert.NoKey(run);
    }

    [Theory]
    [InlineData("Get-VisionBatch", "GetVisionBatchCommand")]
    [InlineData("Receive-VisionBatch", "ReceiveVisionBatchCommand")]
    [InlineData("Stop-VisionBatch", "StopVisionBatchCommand")]
    public void MissingJobFolder_IsANonTerminatingBatchJobNotFound(string cmdlet, string command)
    {
        HostedRun run = Run($"{cmdlet} -JobPath $Job -ApiKey $Key; 'after'");

        Assert.Null(run.Terminating);
        Assert.Equal("after", Assert.Single(run.Output).BaseObject);
        ContractAssert.Error(Assert.Single(run.Errors), "BatchJobNotFound", command, ErrorCategory.ObjectNotFound, _job);
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void Name_PutsTheJobInTheDataFolderAndFindsItAgain()
    {
        string data = Path.Combine(fixture.Work, "data-" + Guid.NewGuid().ToString("N")[..8]);
        string? saved = Environment.GetEnvironmentVariable("VISIONPS_DATA_DIR");
        Environment.SetEnvironmentVariable("VISIONPS_DATA_DIR", data);
        try
        {
            HostedRun submit = Run("Submit-VisionBatch 'Describe' -Image a.jpg @Chat -Name hosted");
            ContractAssert.Clean(submit);
            Assert.Equal(Path.Combine(data, "batches", "hosted"), Property<string>(Assert.Single(submit.Output), "JobPath"));

            HostedRun status = Run("Get-VisionBatch -Name hosted -ApiKey $Key");
            ContractAssert.Clean(status);
            Assert.Equal(Path.Combine(data, "batches", "hosted"), Property<string>(Assert.Single(status.Output), "JobPath"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("VISIONPS_DATA_DIR", saved);
        }
    }

    [Fact]
    public void TheKey_IsInNoStreamAndNotInTheJobFolder()
    {
        HostedRun run = Run("""
            Get-ChildItem photos/*.jpg | Submit-VisionBatch 'Describe' @Chat -JobPath $Job -Verbose
            Get-VisionBatch -JobPath $Job -ApiKey $Key -Verbose
            Stop-VisionBatch -JobPath $Job -ApiKey $Key -Confirm:$false -Verbose
            Receive-VisionBatch -JobPath $Job -ApiKey $Key -Verbose
            Receive-VisionBatch -JobPath (Join-Path $Job nothing-here) -ApiKey $Key
            """);

        Assert.Null(run.Terminating);
        Assert.NotEmpty(run.Output);
        Assert.NotEmpty(run.Verbose);
        Assert.NotEmpty(run.Errors);
        ContractAssert.NoKey(run);
        Assert.All(Directory.EnumerateFiles(_job, "*", SearchOption.AllDirectories), f => Assert.DoesNotContain(ModuleFixture.Key, File.ReadAllText(f), StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _shell.Dispose();
        if (Directory.Exists(_job))
        {
            Directory.Delete(_job, recursive: true);
        }
    }
}
