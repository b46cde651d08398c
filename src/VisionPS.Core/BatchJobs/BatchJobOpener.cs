using System.Security.Cryptography;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.BatchJobs;

/// <summary>Opens the job in a folder to continue it, or starts a new one there; a rerun with other settings is refused.</summary>
public static class BatchJobOpener
{
    /// <param name="folder">The job folder.</param>
    /// <param name="baseUrl">The API root the requests go to.</param>
    /// <param name="model">The model of every request.</param>
    /// <param name="prompt">The prompt of every request.</param>
    /// <param name="requestShape">A digest of every other setting that shapes a request body.</param>
    /// <param name="resumed">True when an existing job was opened.</param>
    /// <param name="output">The structured output every request asks for (recorded so results are read the same way); null: none.</param>
    /// <param name="provider">The provider profile the job is submitted with (later commands connect through it); null: none.</param>
    public static BatchJobStore OpenOrCreate(string folder, Uri baseUrl, string model, string prompt, string requestShape, out bool resumed, Structured.StructuredOutput? output = null, string? provider = null)
    {
        resumed = BatchJobStore.Exists(folder);
        if (!resumed)
        {
            var state = new BatchJobState
            {
                JobId = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(),
                BaseUrl = baseUrl.ToString(),
                Provider = provider,
                Model = model,
                Prompt = prompt,
                RequestShape = requestShape,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            state.SetOutput(output);
            return BatchJobStore.Create(folder, state);
        }

        BatchJobStore store = BatchJobStore.Open(folder);
        BatchJobState s = store.State;
        if (s.BaseUrl != baseUrl.ToString() || s.Model != model || s.Prompt != prompt || s.RequestShape != requestShape)
        {
            store.Dispose();
            throw new BatchJobException(
                ErrorIds.BatchJobMismatch,
                $"The batch job at {folder} was submitted with other settings (prompt, model, base URL or request parameters); a rerun must use the same ones.",
                "Run the same command as before to continue that job, or give a new -JobPath or -Name for a new job.");
        }

        return store;
    }
}
