using System.Management.Automation;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Models;

namespace VisionPS.Commands;

/// <summary>
/// Downloads the output and error files of a job's finished batches and writes the same ChatResult objects as
/// Invoke-VisionChat, one per input (tied to it through custom_id), and one non-terminating error per failed input.
/// What was handed over is recorded: running it again gives only what is new (-All repeats everything).
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "VisionBatch")]
[OutputType(typeof(ChatResult))]
public sealed class ReceiveVisionBatchCommand : VisionBatchCmdletBase
{
    /// <summary>Also write results already received in an earlier run.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        BatchJobStore store;
        BatchApiClient api;
        Connection connection;
        try
        {
            store = OpenJob();
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, JobPath ?? Name);
            return;
        }

        try
        {
            connection = ConnectionFor(store);
            api = new BatchApiClient(connection.ClientOptions);
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            store.Dispose();
            ReportError(ex, JobPath ?? Name);
            return;
        }

        using (store)
        using (api)
        {
            // Received lines are journalled like online requests (issue 19), under the profile the job went through (its
            // own, recorded at submission, unless -Provider names another) and its private-history setting;
            // $env:VISIONPS_NO_JOURNAL turns it off.
            var options = new Core.History.HistoryOptions { Command = MyInvocation.MyCommand.Name, Private = connection.Profile?.PrivateHistory == true };
            var history = Core.History.ChatHistory.Open(options, new Uri(store.State.BaseUrl), connection.ProfileName, Environment.GetEnvironmentVariable);
            foreach (string warning in history.TakeWarnings())
            {
                WriteWarning(warning);
            }

            var receiver = new BatchReceiver(store, api, ModelCatalog.Load(), history);
            try
            {
                foreach (BatchPartState part in store.State.Parts.Where(p => p.BatchId is not null && (All || !p.Received)).ToArray())
                {
                    ReceivePart(receiver, part);
                }
            }
            finally
            {
                history.Flush();
            }

            foreach (string warning in history.TakeWarnings())
            {
                WriteWarning(warning);
            }
        }
    }

    private void ReceivePart(BatchReceiver receiver, BatchPartState part)
    {
        try
        {
            BatchObject batch = RunSync(receiver.RefreshAsync(part, StopToken));
            if (!BatchReceiver.FinalStatuses.Contains(batch.Status))
            {
                throw new BatchJobException(
                    ErrorIds.BatchNotFinished,
                    $"Batch {part.Number} ({batch.Id}) is {batch.Status} ({(batch.RequestCounts?.Completed ?? 0) + (batch.RequestCounts?.Failed ?? 0)}/{batch.RequestCounts?.Total ?? 0} done); its results are not ready.",
                    "Wait for it (Get-VisionBatch -Wait), then run Receive-VisionBatch again; finished batches are received meanwhile.");
            }

            int count = 0;
            foreach (BatchReceivedItem item in receiver.ReceiveAsync(part, batch, All, StopToken).ToBlockingEnumerable(StopToken))
            {
                if (item.Result is { } result)
                {
                    // With structured output, Data becomes a PSCustomObject and its fields show as columns, as online.
                    WriteObject(result.Data is System.Text.Json.JsonElement data
                        ? Internal.StructuredData.Flatten(result.WithData(Internal.StructuredData.Convert(data, null)))
                        : result);
                }
                else
                {
                    ReportError(item.Error!, item.Source);
                }

                // Only once the item has gone down the pipeline: a crash before this repeats it, never loses it.
                receiver.MarkReceived(item);
                count++;
            }

            WriteVerbose($"Batch {part.Number} ({batch.Id}, {batch.Status}): {count:N0} results and errors received.");
            receiver.FinishPart(part);
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, part.BatchId);
        }
    }
}
