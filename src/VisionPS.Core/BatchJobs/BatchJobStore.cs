using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisionPS.Core.BatchJobs;

/// <summary>
/// Reads and writes a job: <c>{folder}/job.json</c> (replaced atomically: written aside, then moved over), the parts'
/// JSONL files next to it, and <c>received.log</c>, where each handed-over custom_id is appended and flushed at once,
/// so a crash loses at most the one line being handed over when it struck.
/// </summary>
public sealed class BatchJobStore : IDisposable
{
    public const string JobFileName = "job.json";
    public const string ReceivedLogName = "received.log";
    private readonly HashSet<string> _received = new(StringComparer.Ordinal);
    private FileStream? _log;

    private BatchJobStore(string folder, BatchJobState state)
    {
        Folder = folder;
        State = state;
    }

    public string Folder { get; }

    public BatchJobState State { get; }

    public string JobFile => Path.Combine(Folder, JobFileName);

    public int ReceivedCount => _received.Count;

    /// <summary>The default folder for named jobs: $env:VISIONPS_DATA_DIR, else the platform's local data folder + VisionPS/batches.</summary>
    public static string DefaultRoot(Func<string, string?> environment) =>
        environment("VISIONPS_DATA_DIR") is { Length: > 0 } dir
            ? Path.Combine(dir, "batches")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "VisionPS", "batches");

    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, JobFileName));

    public static BatchJobStore Create(string folder, BatchJobState state)
    {
        Directory.CreateDirectory(folder);
        var store = new BatchJobStore(folder, state);
        store.Save();
        return store;
    }

    public static BatchJobStore Open(string folder)
    {
        string path = Path.Combine(folder, JobFileName);
        BatchJobState state;
        try
        {
            using FileStream file = File.OpenRead(path);
            state = JsonSerializer.Deserialize(file, BatchJobJsonContext.Default.BatchJobState) ?? throw new JsonException("the file is empty");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BatchJobException(Diagnostics.ErrorIds.BatchJobNotFound, $"There is no batch job at {folder} (no {JobFileName}).", "Give the folder Submit-VisionBatch wrote (-JobPath), or the -Name it was given.");
        }
        catch (JsonException e)
        {
            throw new BatchJobException(Diagnostics.ErrorIds.BatchJobInvalid, $"The batch job file {path} cannot be read: {e.Message}", "Restore the file from a backup; the batch ids in it can also be used with Get-VisionBatch -Id.");
        }

        var store = new BatchJobStore(folder, state);
        string log = Path.Combine(folder, ReceivedLogName);
        if (File.Exists(log))
        {
            foreach (string line in File.ReadLines(log))
            {
                if (line.Length > 0)
                {
                    store._received.Add(line);
                }
            }
        }

        return store;
    }

    public string PartPath(BatchPartState part) => Path.Combine(Folder, part.FileName);

    public bool IsReceived(string customId) => _received.Contains(customId);

    /// <summary>Records that a line's result or error was handed over (appended and flushed to disk before returning).</summary>
    public void MarkReceived(string customId)
    {
        if (!_received.Add(customId))
        {
            return;
        }

        _log ??= new FileStream(Path.Combine(Folder, ReceivedLogName), FileMode.Append, FileAccess.Write, FileShare.Read);
        byte[] line = System.Text.Encoding.UTF8.GetBytes(customId + "\n");
        _log.Write(line);
        _log.Flush(flushToDisk: false);
    }

    /// <summary>Writes job.json aside and moves it over the old one, so a crash leaves the old or the new file, never half of one.</summary>
    public void Save()
    {
        string temp = JobFile + ".tmp";
        using (FileStream file = File.Create(temp))
        {
            JsonSerializer.Serialize(file, State, BatchJobJsonContext.Default.BatchJobState);
        }

        File.Move(temp, JobFile, overwrite: true);
    }

    public void Dispose() => _log?.Dispose();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(BatchJobState))]
internal sealed partial class BatchJobJsonContext : JsonSerializerContext
{
}
