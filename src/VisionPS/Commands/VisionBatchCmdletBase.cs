using System.Management.Automation;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;

namespace VisionPS.Commands;

/// <summary>What the batch cmdlets share: naming the job (-JobPath, or -Name in the data folder) and a Batch API client for it.</summary>
public abstract class VisionBatchCmdletBase : VisionCmdletBase
{
    /// <summary>The job's folder (it holds job.json); also bound from a piped Submit-VisionBatch result.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public virtual string? JobPath { get; set; }

    /// <summary>A job name: its folder is in $env:VISIONPS_DATA_DIR/batches, or the platform's local data folder under VisionPS/batches.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The job's folder, from -JobPath or -Name; null when neither was given.</summary>
    protected string? JobFolder() =>
        JobPath is { } path ? GetUnresolvedProviderPathFromPSPath(path)
        : Name is { } name ? Path.Combine(BatchJobStore.DefaultRoot(Environment.GetEnvironmentVariable), name)
        : null;

    protected BatchJobStore OpenJob() =>
        BatchJobStore.Open(JobFolder() ?? throw new BatchJobException(ErrorIds.BatchJobNotFound, "No batch job was named.", "Pass -JobPath (the folder Submit-VisionBatch wrote), -Name, or pipe Submit-VisionBatch's result."));

    /// <summary>A client for <paramref name="baseUrl"/> (the job's), unless -BaseUrl names another.</summary>
    protected BatchApiClient CreateBatchClient(string? baseUrl)
    {
        Connection connection = Connection.Resolve(
            BaseUrl ?? baseUrl,
            ApiKey is null ? null : ApiCredential.FromSecureString(ApiKey),
            Environment.GetEnvironmentVariable);
        return new BatchApiClient(new VisionClientOptions
        {
            BaseUrl = connection.BaseUrl,
            ApiKey = connection.ApiKey,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSec),
        });
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _notices = new();

    /// <summary>A verbose line from Core, which may call from any thread; written by <see cref="RunSync"/> on the pipeline thread.</summary>
    protected void QueueVerbose(string message) => _notices.Enqueue(message);

    /// <summary>Waits for Core's async work on the pipeline thread (Ctrl+C cancels it), then writes its verbose lines.</summary>
    protected T RunSync<T>(Task<T> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            WriteQueuedVerbose();
        }
    }

    protected void RunSync(Task task) => RunSync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

    private void WriteQueuedVerbose()
    {
        while (_notices.TryDequeue(out string? notice))
        {
            WriteVerbose(notice);
        }
    }
}
