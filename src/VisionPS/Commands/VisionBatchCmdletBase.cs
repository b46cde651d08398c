using System.Management.Automation;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;

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
    protected string? JobFolder() => JobFolder(this, JobPath, Name);

    /// <summary>The folder -JobPath names (resolved like any PowerShell path), else the one -Name names; null when neither.</summary>
    internal static string? JobFolder(PSCmdlet cmdlet, string? jobPath, string? name) =>
        jobPath is { } path ? cmdlet.GetUnresolvedProviderPathFromPSPath(path)
        : name is { } named ? Path.Combine(BatchJobStore.DefaultRoot(Environment.GetEnvironmentVariable), named)
        : null;

    protected BatchJobStore OpenJob() =>
        BatchJobStore.Open(JobFolder() ?? throw new BatchJobException(ErrorIds.BatchJobNotFound, "No batch job was named.", "Pass -JobPath (the folder Submit-VisionBatch wrote), -Name, or pipe Submit-VisionBatch's result."));

    /// <summary>
    /// A Batch API client through the one connection step. For a job: the profile and base URL it was submitted with
    /// (job.json), unless -Provider or -BaseUrl name others; a profile that has gone since is an error naming it.
    /// Without a job: -Provider, -BaseUrl, the default profile, the environment, as for every other cmdlet.
    /// </summary>
    protected BatchApiClient CreateBatchClient(BatchJobStore? job = null) => new(ConnectionFor(job).ClientOptions);

    /// <summary>The connection a job's commands use: -Provider or -BaseUrl when given, else the job's own URL and profile.</summary>
    protected Connection ConnectionFor(BatchJobStore? job)
    {
        string? jobProvider = job?.State.Provider;
        try
        {
            return ResolveConnection(requireKey: true, job?.State.BaseUrl, jobProvider);
        }
        catch (VisionArgumentException ex) when (ex.ErrorId == ErrorIds.ProviderNotFound && Provider is null && jobProvider is not null)
        {
            throw new VisionArgumentException(
                ErrorIds.ProviderNotFound,
                $"The batch job at {job!.Folder} was submitted with the provider profile '{jobProvider}', which is no longer saved.",
                $"Save it again (Set-VisionProvider {jobProvider} ...), or pass -Provider with another profile, or -BaseUrl and -ApiKey.");
        }
    }
}
