using System.Collections.Concurrent;
using System.Management.Automation;
using VisionPS.Core.Batches;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Internal;

/// <summary>
/// A chat cmdlet with -ThrottleLimit above 1: requests run in parallel on the thread pool; everything that
/// reaches PowerShell (results, errors, retry notices, progress) is written here, on the pipeline thread, while
/// posting and at the end.
/// </summary>
internal sealed class ChatBatch : IDisposable
{
    private const int ProgressId = 1;
    private readonly BatchRunner<ChatBatchItem, ChatResult> _runner;
    private readonly ConcurrentQueue<string> _notices = new();
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly Cmdlet _cmdlet;
    private readonly Action<Exception, object?> _reportError;
    private readonly string _activity;

    public ChatBatch(Cmdlet cmdlet, string activity, ChatPipeline pipeline, int throttleLimit, bool preserveOrder, BatchCounters counters, Action<Exception, object?> reportError)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _reportError = reportError;
        _runner = new BatchRunner<ChatBatchItem, ChatResult>(
            (item, ct) =>
            {
                ChatCall call = item.Build();
                return pipeline.RunAsync(call, onText: null, notice => _notices.Enqueue($"{call.Request.Model}: {notice}"), ct);
            },
            new BatchRunnerOptions
            {
                MaxConcurrency = throttleLimit,
                PreserveOrder = preserveOrder,
                Counters = counters,
                IsFatal = e => ErrorClassifier.Classify(e, null).StopsCommand,
            });
    }

    /// <summary>
    /// Queues one request. <paramref name="build"/> runs on a worker thread (reading and preparing images there), so
    /// it may only report through <see cref="Warn"/> and <see cref="Verbose"/>; what it throws is the item's error.
    /// <paramref name="shape"/> turns the result into what the cmdlet writes, on the pipeline thread.
    /// </summary>
    public void Post(Func<ChatCall> build, object target, Func<ChatResult, object> shape)
    {
        foreach (BatchOutcome<ChatBatchItem, ChatResult> outcome in _runner.PostAndDrain(new ChatBatchItem(build, target, shape)))
        {
            Write(outcome);
        }

        WriteNotices();
        ReportProgress(final: false);
    }

    /// <summary>Waits for every request, writing each outcome as it finishes, then progress completion and the summary.</summary>
    public void Finish()
    {
        _runner.Progress.Total = _runner.PostedCount;
        foreach (BatchOutcome<ChatBatchItem, ChatResult> outcome in _runner.Complete())
        {
            Write(outcome);
            WriteNotices();
            ReportProgress(final: false);
        }

        WriteNotices();
        ReportProgress(final: true);
        _cmdlet.WriteVerbose(_runner.GetSummary().ToString());
    }

    /// <summary>A warning from any thread, written on the pipeline thread.</summary>
    public void Warn(string message) => _warnings.Enqueue(message);

    /// <summary>A verbose line from any thread, written on the pipeline thread.</summary>
    public void Verbose(string message) => _notices.Enqueue(message);

    /// <summary>From StopProcessing (another thread): cancel what runs, start nothing more.</summary>
    public void Cancel() => _runner.Cancel();

    public void Dispose() => _runner.Dispose();

    private void Write(BatchOutcome<ChatBatchItem, ChatResult> outcome)
    {
        WriteNotices();
        if (outcome.Succeeded)
        {
            _cmdlet.WriteVerbose(ChatVerbose.Received(outcome.Output!));
            object output;
            try
            {
                output = outcome.Input.Shape(outcome.Output!);
            }
            catch (Exception e) when (e is not PipelineStoppedException)
            {
                _reportError(e, outcome.Input.Target);
                return;
            }

            _cmdlet.WriteObject(output);
        }
        else if (!outcome.IsCancelled)
        {
            _reportError(outcome.Exception!, outcome.Input.Target);
        }
    }

    private void WriteNotices()
    {
        while (_warnings.TryDequeue(out string? warning))
        {
            _cmdlet.WriteWarning(warning);
        }

        while (_notices.TryDequeue(out string? notice))
        {
            _cmdlet.WriteVerbose(notice);
        }
    }

    private void ReportProgress(bool final)
    {
        if (!final && !_runner.Progress.ShouldReport())
        {
            return;
        }

        BatchProgressSnapshot p = _runner.Progress.Snapshot();
        var record = new ProgressRecord(ProgressId, _activity, BatchProgressText.Status(p))
        {
            PercentComplete = p.PercentComplete ?? -1,
            SecondsRemaining = p.Remaining is { } left ? (int)Math.Ceiling(left.TotalSeconds) : -1,
            RecordType = final ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        _cmdlet.WriteProgress(record);
    }
}

/// <summary>
/// One request of a batch (built on a worker), the input it answers (the TargetObject of its error, if it fails),
/// and what turns its result into the cmdlet's output.
/// </summary>
internal sealed record ChatBatchItem(Func<ChatCall> Build, object Target, Func<ChatResult, object> Shape);
