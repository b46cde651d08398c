using System.Management.Automation;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.History;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Reads the run journal: every request VisionPS sent (and every answer the cache gave), filtered by time, model,
/// profile, image source, run or error; with -Cost, requests, tokens and cost grouped by day, model, profile or run.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VisionHistory", DefaultParameterSetName = RowsSet)]
[OutputType(typeof(HistoryEntry), ParameterSetName = [RowsSet])]
[OutputType(typeof(HistoryCostGroup), ParameterSetName = [CostSet])]
public sealed class GetVisionHistoryCommand : PSCmdlet
{
    private const string RowsSet = "Rows";
    private const string CostSet = "Cost";

    /// <summary>Requests at or after this time.</summary>
    [Parameter]
    [Alias("Since")]
    public DateTime? After { get; set; }

    /// <summary>Requests before this time.</summary>
    [Parameter]
    public DateTime? Before { get; set; }

    /// <summary>The model that answered (wildcards).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    /// <summary>The provider profile the request went through (wildcards allowed; a profile removed since still matches).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.ProviderNameCompleter))]
    public string? Provider { get; set; }

    /// <summary>Requests with an image whose source (path or URL) matches (wildcards).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Source { get; set; }

    /// <summary>The requests of one run (the Run property of a row).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Run { get; set; }

    /// <summary>Only requests that failed.</summary>
    [Parameter]
    public SwitchParameter Failed { get; set; }

    /// <summary>Only requests that failed with this error id (wildcards).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? ErrorId { get; set; }

    /// <summary>Only the newest this many requests (after the other filters).</summary>
    [Parameter(ParameterSetName = RowsSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Newest { get; set; }

    /// <summary>Requests, tokens and cost per group instead of rows.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CostSet)]
    public SwitchParameter Cost { get; set; }

    /// <summary>With -Cost: Day (default), Model, Profile or Run.</summary>
    [Parameter(ParameterSetName = CostSet)]
    [ValidateSet("Day", "Model", "Profile", "Run")]
    public string GroupBy { get; set; } = "Day";

    protected override void EndProcessing()
    {
        if (HistoryLocation.Resolve(Environment.GetEnvironmentVariable) is not { } path)
        {
            WriteWarning($"The run journal is off (${HistoryLocation.OffVariable} is set): there is no history to read.");
            return;
        }

        IReadOnlyList<HistoryEntry> rows;
        try
        {
            rows = RunJournal.Open(path).Query(new HistoryFilter
            {
                After = After is { } after ? new DateTimeOffset(after) : null,
                Before = Before is { } before ? new DateTimeOffset(before) : null,
                Model = Model,
                Profile = Provider,
                Source = Source,
                Run = Run,
                Failed = Failed || ErrorId is not null ? true : null,
                ErrorId = ErrorId,
                Newest = Newest > 0 ? Newest : null,
            });
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, path, out _));
            return;
        }

        if (Cost)
        {
            WriteObject(HistoryCostReport.Group(rows, GroupBy), enumerateCollection: true);
        }
        else
        {
            WriteObject(rows, enumerateCollection: true);
        }
    }
}
