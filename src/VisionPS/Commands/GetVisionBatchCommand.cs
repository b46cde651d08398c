using System.Management.Automation;
using VisionPS.Core.BatchJobs;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// The state of a job's batches (or of batches by id, or the provider's list): status, counts, progress, expiry.
/// -Wait polls until every batch has ended, with progress, waiting longer between polls as it goes.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VisionBatch", DefaultParameterSetName = JobSet)]
[OutputType(typeof(VisionBatchStatus))]
public sealed class GetVisionBatchCommand : VisionBatchCmdletBase
{
    private const string JobSet = "Job";
    private const string IdSet = "Id";
    private const string ListSet = "List";

    /// <summary>Batch ids (batch_…) to look up directly, without a job.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    /// <summary>List the provider's batches, newest first (every job, also those not made by VisionPS).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ListSet)]
    public SwitchParameter List { get; set; }

    /// <summary>With -List: at most this many (default 20).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, 10000)]
    public int First { get; set; } = 20;

    /// <summary>Poll until every batch has ended (completed, failed, expired or cancelled).</summary>
    [Parameter(ParameterSetName = JobSet)]
    [Parameter(ParameterSetName = IdSet)]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: seconds before the second poll; each later wait doubles, up to -MaxPollIntervalSec.</summary>
    [Parameter(ParameterSetName = JobSet)]
    [Parameter(ParameterSetName = IdSet)]
    [ValidateRange(0, 3600)]
    public int PollIntervalSec { get; set; } = 5;

    /// <summary>With -Wait: the longest wait between polls (default 300).</summary>
    [Parameter(ParameterSetName = JobSet)]
    [Parameter(ParameterSetName = IdSet)]
    [ValidateRange(0, 86400)]
    public int MaxPollIntervalSec { get; set; } = 300;

    protected override void ProcessRecord()
    {
        try
        {
            switch (ParameterSetName)
            {
                case ListSet:
                    using (BatchApiClient api = CreateBatchClient())
                    {
                        foreach (BatchObject batch in api.ListBatchesAsync(First, StopToken).ToBlockingEnumerable(StopToken))
                        {
                            WriteObject(VisionBatchStatus.From(batch));
                        }
                    }

                    break;
                case IdSet:
                    using (BatchApiClient api = CreateBatchClient())
                    {
                        Report(() => Id!.Select(id => VisionBatchStatus.From(RunSync(api.GetBatchAsync(id, StopToken)))).ToArray());
                    }

                    break;
                default:
                    using (BatchJobStore store = OpenJob())
                    using (BatchApiClient api = CreateBatchClient(store))
                    {
                        foreach (BatchPartState part in store.State.Parts.Where(p => p.BatchId is null))
                        {
                            WriteWarning($"Batch {part.Number} of {store.Folder} is not submitted yet ({part.Stage}); run Submit-VisionBatch -JobPath '{store.Folder}' again to send it.");
                        }

                        Report(() => Refresh(store, api));
                    }

                    break;
            }
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, (object?)Id ?? JobPath ?? Name);
        }
    }

    private VisionBatchStatus[] Refresh(BatchJobStore store, BatchApiClient api)
    {
        var statuses = new List<VisionBatchStatus>();
        foreach (BatchPartState part in store.State.Parts.Where(p => p.BatchId is not null))
        {
            BatchObject batch = RunSync(api.GetBatchAsync(part.BatchId!, default));
            if (part.Status != batch.Status)
            {
                part.Status = batch.Status;
                store.Save();
            }

            statuses.Add(VisionBatchStatus.From(batch, store.Folder, part.Number));
        }

        return statuses.ToArray();
    }

    // Without -Wait: one look. With it: look, show progress, wait longer each time, until everything has ended.
    private void Report(Func<VisionBatchStatus[]> poll)
    {
        VisionBatchStatus[] statuses = poll();
        TimeSpan delay = TimeSpan.Zero;
        bool progressShown = false;
        while (Wait && statuses.Any(s => !s.IsFinished))
        {
            int total = statuses.Sum(s => s.Total);
            int done = statuses.Sum(s => s.Completed + s.Failed);
            delay = BatchPolling.Next(delay, TimeSpan.FromSeconds(PollIntervalSec), TimeSpan.FromSeconds(Math.Max(PollIntervalSec, MaxPollIntervalSec)));
            string states = string.Join(", ", statuses.GroupBy(s => s.Status).Select(g => $"{g.Count()} {g.Key}"));
            WriteProgress(new ProgressRecord(2, "Waiting for batches", $"{done:N0}/{total:N0} requests done; {states}; next look in {delay.TotalSeconds:0} s")
            {
                PercentComplete = total > 0 ? (int)(done * 100L / total) : -1,
            });
            progressShown = true;
            WriteVerbose($"Batches: {states}; polling again in {delay.TotalSeconds:0} s.");
            Task.Delay(delay, StopToken).GetAwaiter().GetResult();
            statuses = poll();
        }

        if (progressShown)
        {
            WriteProgress(new ProgressRecord(2, "Waiting for batches", "done") { RecordType = ProgressRecordType.Completed });
        }

        WriteObject(statuses, enumerateCollection: true);
    }
}
