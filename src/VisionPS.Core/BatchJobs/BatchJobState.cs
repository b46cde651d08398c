using System.Text.Json.Serialization;

namespace VisionPS.Core.BatchJobs;

/// <summary>
/// The job file (JSON): what was asked, every input's source (index = its custom_id's number), and each part's
/// local JSONL, file id and batch id. Rewritten whole, atomically, whenever a part moves on; what was received is
/// appended to a log next to it (<see cref="BatchJobStore"/>), one custom_id per line.
/// </summary>
public sealed class BatchJobState
{
    public int Version { get; set; } = 1;

    /// <summary>Short random id; every custom_id is "{JobId}-{index}", so ids never collide across jobs.</summary>
    public string JobId { get; set; } = "";

    public string BaseUrl { get; set; } = "";

    /// <summary>The provider profile the job was submitted with; Get-, Receive- and Stop-VisionBatch connect through it. Null: none.</summary>
    public string? Provider { get; set; }

    public string Model { get; set; } = "";

    public string Prompt { get; set; } = "";

    /// <summary>A digest of everything else that shapes a request body (settings, preparation): a rerun must match it.</summary>
    public string RequestShape { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>-Schema as JSON text, when the job asked for structured output with a schema; results are validated against it.</summary>
    public string? OutputSchema { get; set; }

    /// <summary>-AsJson without -Schema: every answer must be a JSON object.</summary>
    public bool OutputAsJson { get; set; }

    /// <summary>The schema went in the prompt (json_object) because the server lacks json_schema.</summary>
    public bool OutputSchemaInPrompt { get; set; }

    /// <summary>Records what structured output the job's requests ask for (null: none).</summary>
    public void SetOutput(Structured.StructuredOutput? output)
    {
        OutputSchema = output?.Schema?.ToJson();
        OutputAsJson = output is { Schema: null };
        OutputSchemaInPrompt = output?.SchemaInPrompt ?? false;
    }

    /// <summary>The structured output the job's requests asked for, read back from the job file; null when none.</summary>
    public Structured.StructuredOutput? Output() =>
        OutputSchema is { } json
            ? Structured.StructuredOutput.For(Structured.OutputSchema.FromJson(json), !OutputSchemaInPrompt)
            : OutputAsJson ? Structured.StructuredOutput.AnyJson : null;

    /// <summary>The folder most sources share, cut off each source to keep the file small ("" when none).</summary>
    public string SourceRoot { get; set; } = "";

    public List<string> Sources { get; set; } = [];

    public List<BatchPartState> Parts { get; set; } = [];

    public string CustomId(int index) => $"{JobId}-{index}";

    public string Source(int index) => Sources[index].StartsWith('/') || Sources[index].Contains(':', StringComparison.Ordinal) || SourceRoot.Length == 0
        ? Sources[index]
        : SourceRoot + Sources[index];

    public int? IndexOf(string customId) =>
        customId.StartsWith(JobId + "-", StringComparison.Ordinal)
        && int.TryParse(customId.AsSpan(JobId.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
        && index < Sources.Count
            ? index
            : null;
}

/// <summary>How far one part (one input file, one batch) has come. Each stage is saved before the step that leaves it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchPartStage>))]
public enum BatchPartStage
{
    /// <summary>Its JSONL is being written; after a crash the part is dropped and its inputs are prepared again.</summary>
    Writing,

    /// <summary>Its JSONL is complete on disk; nothing sent yet.</summary>
    Written,

    /// <summary>An upload started; after a crash the server's file list is checked for it before uploading again.</summary>
    Uploading,

    /// <summary>The file is on the server (FileId).</summary>
    Uploaded,

    /// <summary>A create started; after a crash the server's batch list is checked for it before creating again.</summary>
    Creating,

    /// <summary>The batch exists (BatchId).</summary>
    Created,
}

public sealed class BatchPartState
{
    public int Number { get; set; }

    public int FirstIndex { get; set; }

    public int Count { get; set; }

    public long Bytes { get; set; }

    /// <summary>Estimated prompt tokens of all its lines; null when an image's estimate is unknown.</summary>
    public long? EstimatedTokens { get; set; }

    public BatchPartStage Stage { get; set; }

    /// <summary>The JSONL's name, in the job folder locally and as the uploaded file's name (unique per job and part).</summary>
    public string FileName { get; set; } = "";

    public string? FileId { get; set; }

    public string? BatchId { get; set; }

    /// <summary>The status last seen on the server.</summary>
    public string? Status { get; set; }

    /// <summary>True once every line's result or error was handed over.</summary>
    public bool Received { get; set; }
}
