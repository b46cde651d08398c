using System.Management.Automation;
using VisionPS.Core.History;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Removes requests and cached answers from the run journal: those older than -Before, or all of them with -All.
/// The file shrinks by what was removed.
/// </summary>
[Cmdlet(VerbsCommon.Clear, "VisionHistory", DefaultParameterSetName = BeforeSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class ClearVisionHistoryCommand : PSCmdlet
{
    private const string BeforeSet = "Before";
    private const string AllSet = "All";

    /// <summary>Remove what was recorded before this time.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BeforeSet)]
    public DateTime Before { get; set; }

    /// <summary>Remove every request and cached answer.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void EndProcessing()
    {
        if (HistoryLocation.Resolve(Environment.GetEnvironmentVariable) is not { } path)
        {
            WriteWarning($"The run journal is off (${HistoryLocation.OffVariable} is set): there is nothing to clear.");
            return;
        }

        if (!File.Exists(path))
        {
            WriteVerbose($"There is no history at {path}.");
            return;
        }

        DateTimeOffset? before = All ? null : new DateTimeOffset(Before);
        string what = before is { } limit ? $"requests and cached answers recorded before {limit:u}" : "every request and cached answer";
        if (!ShouldProcess(path, $"Remove {what}"))
        {
            return;
        }

        try
        {
            var journal = RunJournal.Open(path);
            long size = journal.SizeBytes;
            int removed = journal.Clear(before);
            WriteVerbose($"Removed {removed:N0} request(s) from {path}: {size / 1024:N0} KB -> {journal.SizeBytes / 1024:N0} KB.");
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, path, out _));
        }
    }
}
