using System.Management.Automation;
using VisionPS.Core.BatchJobs;

namespace VisionPS.Commands;

/// <summary>Cancels a job's unfinished batches (or batches by id). Requests already done stay receivable.</summary>
[Cmdlet(VerbsLifecycle.Stop, "VisionBatch", DefaultParameterSetName = JobSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VisionBatchStatus))]
public sealed class StopVisionBatchCommand : VisionBatchCmdletBase
{
    private const string JobSet = "Job";
    private const string IdSet = "Id";

    [Parameter(Mandatory = true, ParameterSetName = IdSet, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            if (ParameterSetName == IdSet)
            {
                using BatchApiClient api = CreateBatchClient();
                foreach (string id in Id!)
                {
                    Cancel(api, id, null, null);
                }

                return;
            }

            using BatchJobStore store = OpenJob();
            using BatchApiClient jobApi = CreateBatchClient(store);
            foreach (BatchPartState part in store.State.Parts.Where(p => p.BatchId is not null))
            {
                if (part.Status is { } status && BatchReceiver.FinalStatuses.Contains(status))
                {
                    continue;
                }

                if (Cancel(jobApi, part.BatchId!, store.Folder, part.Number) is { } batch)
                {
                    part.Status = batch.Status;
                    store.Save();
                }
            }
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, (object?)Id ?? JobPath ?? Name);
        }
    }

    private BatchObject? Cancel(BatchApiClient api, string id, string? jobPath, int? part)
    {
        if (!ShouldProcess(id, "Cancel batch"))
        {
            return null;
        }

        try
        {
            BatchObject batch = RunSync(api.CancelBatchAsync(id, StopToken));
            WriteObject(VisionBatchStatus.From(batch, jobPath, part));
            return batch;
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, id);
            return null;
        }
    }
}
