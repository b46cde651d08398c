using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>
/// Issue 17 point 4 through Receive-VisionBatch: inputs an expired batch never ran come back as BatchRequestExpired
/// errors naming each input, also when the provider writes no error line for them (the test server's default).
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class VisionBatchUnrunTests(ModuleFixture fixture) : IDisposable
{
    private readonly ModuleShell _shell = fixture.Shell();
    private readonly string _job = Path.Combine(fixture.Work, "batch-unrun-" + Guid.NewGuid().ToString("N")[..8]);

    private HostedRun Run(string script)
    {
        Dictionary<string, object?> variables = fixture.Variables;
        variables["Job"] = _job;
        return _shell.Run(script, variables);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Receive_AfterTheWindowEnded_WhatNeverRanIsBatchRequestExpiredNamingTheInput(bool writesUnrunLines)
    {
        TimeSpan processing = fixture.BatchOptions.Processing;
        fixture.BatchOptions.Processing = TimeSpan.FromHours(48); // only about half can run in the 24 h window
        fixture.BatchOptions.WritesUnrunLines = writesUnrunLines;
        try
        {
            ContractAssert.Clean(Run("Get-ChildItem photos/*.jpg | Submit-VisionBatch 'Describe' @Chat -JobPath $Job"));
            fixture.Server.BatchClock.Advance(TimeSpan.FromHours(25));

            HostedRun run = Run("Receive-VisionBatch -JobPath $Job -ApiKey $Key");

            Assert.Null(run.Terminating);
            string[] photos = Directory.GetFiles(Path.Combine(fixture.Work, "photos"), "*.jpg").Order().ToArray();
            Assert.Equal(photos.Length, run.Output.Count + run.Errors.Count);
            Assert.NotEmpty(run.Errors);
            foreach (ErrorRecord error in run.Errors)
            {
                ContractAssert.Error(error, "BatchRequestExpired", "ReceiveVisionBatchCommand", ErrorCategory.OperationTimeout, error.TargetObject is PSObject p ? p.BaseObject : error.TargetObject);
                Assert.Contains((string)(error.TargetObject is PSObject o ? o.BaseObject : error.TargetObject), photos);
            }

            ContractAssert.NoKey(run);
        }
        finally
        {
            fixture.BatchOptions.Processing = processing;
            fixture.BatchOptions.WritesUnrunLines = false;
        }
    }

    public void Dispose() => _shell.Dispose();
}
