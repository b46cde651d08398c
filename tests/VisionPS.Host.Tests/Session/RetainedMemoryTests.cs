using VisionPS.Host.Tests.Contracts;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Session;

/// <summary>
/// A session that prepared many photos gives the pools' memory back once it is idle (issue 20 point 4): the heap left
/// after forced collections is at most 32 MB over what it was before the work. Collections are forced and counted,
/// never waited for by time. The tests run one at a time (AssemblyInfo), so this process's heap is the session's.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class RetainedMemoryTests(ModuleFixture fixture)
{
    private const long AllowedMegabytes = 32;

    [Fact]
    public void AfterTheWork_TheIdleSessionKeepsAtMost32MBOverItsBaseline()
    {
        using ModuleShell shell = fixture.Shell();
        var variables = fixture.Variables;
        variables["Photos"] = Directory.GetFiles(Path.Combine(RepoPaths.Shared, "samples"), "*.jpg");
        HostedRun run = shell.Run("""
            function Settle { foreach ($i in 1..4) { [GC]::Collect(); [GC]::WaitForPendingFinalizers() }; [GC]::GetTotalMemory($true) }
            $null = ConvertTo-ImagePart a.jpg
            $baseline = Settle
            foreach ($round in 1..8) { $Photos | ConvertTo-ImagePart -MaxSize 2048 | Out-Null; $Photos | ConvertTo-ImagePart -Detail low | Out-Null }
            $busy = [GC]::GetTotalMemory($false)
            $after = Settle
            $baseline, $busy, $after
            """, variables);

        ContractAssert.Clean(run);
        long[] bytes = run.Output.Select(o => Convert.ToInt64(o.BaseObject)).ToArray();
        long retainedMegabytes = (bytes[2] - bytes[0]) / (1024 * 1024);
        Assert.True(retainedMegabytes <= AllowedMegabytes, $"retained {retainedMegabytes} MB over the baseline of {bytes[0] / (1024 * 1024)} MB (busy: {bytes[1] / (1024 * 1024)} MB)");
    }
}
