using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using VisionPS.Completers;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Models;
using VisionPS.Core.Tokens;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Hands images to the provider's Batch API: one request per image, prepared and shaped exactly as Invoke-VisionChat
/// would send it, written to JSONL, split by the provider's limits, uploaded and started as batches. Running the same
/// command again after a crash continues the job without sending any image twice.
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "VisionBatch", SupportsShouldProcess = true)]
[OutputType(typeof(VisionBatchJob))]
public sealed class SubmitVisionBatchCommand : VisionRequestCmdletBase
{
    private ChatSettings? _settings;
    private BatchJobStore? _store;
    private BatchApiClient? _api;
    private BatchSubmitter? _submitter;
    private ModelInfo? _model;
    private int _requests;
    private VisionPS.Core.Structured.StructuredOutput? _output;

    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public string Prompt { get; set; } = string.Empty;

    /// <summary>Paths (wildcards allowed), http(s) URLs, data URLs, FileInfo or ImagePart objects; also from the pipeline.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true)]
    [Alias("Images")]
    [SupportsWildcards]
    public object[]? Image { get; set; }

    [Parameter]
    public SwitchParameter TextFirst { get; set; }

    /// <summary>The job's folder (it holds job.json); without it (and -Name), a folder named after what the job asks.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? JobPath { get; set; }

    /// <summary>A job name: its folder is in $env:VISIONPS_DATA_DIR/batches, or the platform's local data folder under VisionPS/batches.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Most requests per batch (default 50,000, OpenAI's limit).</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int MaxRequestsPerBatch { get; set; } = BatchLimits.DefaultMaxRequests;

    /// <summary>Largest input file per batch in bytes (default 200 MB, OpenAI's limit).</summary>
    [Parameter]
    [ValidateRange(1024L, long.MaxValue)]
    public long MaxBatchBytes { get; set; } = BatchLimits.DefaultMaxBytes;

    /// <summary>Most estimated prompt tokens per batch; default: the catalog's enqueued-token limit for the model, if known.</summary>
    [Parameter]
    [ValidateRange(1L, long.MaxValue)]
    public long? MaxEnqueuedTokens { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            bool whatIf = IsWhatIf();
            ReadRequestParameters();
            Connection connection = ResolveConnection(requireKey: !whatIf);
            ModelCatalog catalog = ModelCatalog.Load();
            // Azure classic routes each batch line by its body's model, which must name the deployment.
            string model = connection.ClientOptions.Deployment ?? connection.ResolveModel(Model, null, Environment.GetEnvironmentVariable);
            if (connection.ClientOptions.Deployment is { } deployment && Model is { Length: > 0 } asked && asked != deployment)
            {
                WriteVerbose($"Azure names the model of a batch line by its deployment: the lines name '{deployment}', not -Model '{asked}'.");
            }
            _model = catalog.Find(model);
            _output = VisionPS.Core.Structured.StructuredOutput.Choose(OutputSchema, AsJson, NoJsonSchema, connection, _model);
            _settings = RequestSettings(connection) with
            {
                Model = model,
                Stream = false, // batch lines are answered whole
                IncludeUsage = false,
                TextFirst = TextFirst,
                Catalog = catalog,
                Output = _output,
            };
            var limits = new BatchLimits { MaxRequests = MaxRequestsPerBatch, MaxBytes = MaxBatchBytes, MaxEnqueuedTokens = MaxEnqueuedTokens ?? _model?.BatchEnqueuedTokens };
            if (!whatIf)
            {
                _store = OpenOrCreateJob(connection, model);
                _api = new BatchApiClient(connection.ClientOptions);
            }

            _submitter = new BatchSubmitter(_store, _api, BatchApiClient.ChatEndpointFor(connection.ClientOptions), limits, _model, MaxTokens, QueueVerbose);
            RunSync(_submitter.ResumeAsync(StopToken));
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, JobPath ?? Name ?? Prompt, out _));
        }
    }

    protected override void ProcessRecord()
    {
        var paths = new PathResolver(this);
        ImagePreparationOptions preparation = PreparationOptions(_settings!.Model, _settings.Catalog!);
        foreach (object? raw in Image ?? [])
        {
            object? item = PathResolver.Unwrap(raw);
            foreach (ImageInput input in ImageInputReader.Read(item, raw ?? item!, paths, NormalizedDetail, preparation))
            {
                Add(input);
            }
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            RunSync(_submitter!.FinishAsync(StopToken));
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, JobPath ?? Name ?? Prompt, out _));
        }

        if (_store is null)
        {
            ShouldProcess(Describe(), $"Submit {_requests:N0} requests to {_settings!.Model}?", "Submit-VisionBatch");
            return;
        }

        if (_submitter!.Waiting > 0)
        {
            WriteWarning($"{_submitter.Waiting} batch(es) of this job wait for {_settings!.Model}'s enqueued-token limit; run the same command again (or Submit-VisionBatch -JobPath '{_store.Folder}' with no input) once earlier batches have finished.");
        }

        WriteObject(VisionBatchJob.From(_store, _submitter.Skipped));
    }

    protected override void DisposeCommand()
    {
        _submitter?.Dispose();
        _store?.Dispose();
        _api?.Dispose();
    }

    private void Add(ImageInput input)
    {
        if (!input.Succeeded)
        {
            ReportError(input.Error!, input.Target);
            return;
        }

        // One request per input: a PDF's pages, a video's frames or a split document's tiles go together, in order, under
        // the input's name.
        ImagePart part = input.Parts[0];
        string source = part.Origin ?? part.Source;
        try
        {
            foreach (ImagePart each in input.Parts)
            {
                ImageReport.Write(each, WriteWarning, WriteVerbose);
            }

            if (_submitter!.ClaimAlreadySubmitted(source))
            {
                WriteVerbose($"{source}: already in this job's batches; not sent again.");
                return;
            }

            ChatCall call = ChatCallBuilder.Build(_settings!, Prompt, input.Parts);
            foreach (string warning in CallPreview.Warnings(call))
            {
                WriteWarning(warning);
            }

            RunSync(_submitter.AddAsync(call, source, StopToken));
            _requests++;
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, input.Target);
        }
    }

    private BatchJobStore OpenOrCreateJob(Connection connection, string model)
    {
        // Unnamed, the job is named after what it asks, so the same command run again finds the same job.
        string folder = VisionBatchCmdletBase.JobFolder(this, JobPath, Name) ?? Path.Combine(BatchJobStore.DefaultRoot(Environment.GetEnvironmentVariable), "job-" + Digest($"{connection.BaseUrl}\n{model}\n{Prompt}\n{RequestShape()}"));
        BatchJobStore store = BatchJobOpener.OpenOrCreate(folder, connection.BaseUrl, model, Prompt, RequestShape(), out bool resumed, _output, connection.ProfileName);
        WriteVerbose(resumed
            ? $"Continuing batch job {store.State.JobId} at {folder}: {store.State.Sources.Count:N0} requests in {store.State.Parts.Count} batches so far."
            : $"New batch job {store.State.JobId} at {folder}.");
        return store;
    }

    // Everything besides prompt, model and images that shapes a request body; a rerun that differs would mix shapes.
    private string RequestShape()
    {
        ImageParameters i = Images;
        return Digest(string.Join('\n', SystemPrompt, MaxTokens, Temperature, TextFirst.IsPresent, TokenLimitField, NormalizedDetail, i.NoResize.IsPresent, i.KeepMetadata.IsPresent, i.Quality, i.MaxSize, i.MaxBytes)
            + (i.ConvertWebP || i.PageText != "1" || _output is not null ? $"\n{i.ConvertWebP.IsPresent}\n{i.PageText}\n{OutputShape()}" : string.Empty) // unchanged for jobs without them
            + (i.FramesPerSecond > 0 || i.MaxFrames > 0 || i.AllFrames ? $"\n{i.FramesPerSecond}\n{i.MaxFrames}\n{i.AllFrames.IsPresent}" : string.Empty)
            + (i.Tile.Equals("auto", StringComparison.OrdinalIgnoreCase) ? string.Empty : $"\ntile {i.Tile.Trim().ToLowerInvariant()}")
            + (_settings!.Quirks.ToString() is var quirks and not "none" ? "\nquirks: " + quirks : string.Empty)); // the provider's quirks shape the body too
    }

    // The structured output as the requests carry it: a rerun with another schema (or none) must not join the job.
    private string OutputShape() => _output is null
        ? string.Empty
        : $"{(_output.Schema is null ? "json" : "schema")}|{_output.SchemaInPrompt}|{_output.Schema?.Name}|{_output.Schema?.ToJson()}";

    private static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();

    private string Describe()
    {
        IReadOnlyList<BatchPlanPart> plan = _submitter!.Plan;
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Submit {_requests:N0} requests to {_settings!.Model} at {_settings.BaseUrl} as {plan.Count} batch(es):");
        foreach (BatchPlanPart part in plan)
        {
            text.Append("\n  ").Append(part);
        }

        long? tokens = plan.All(p => p.EstimatedTokens is not null) ? plan.Sum(p => p.EstimatedTokens!.Value) : null;
        string cost = plan.Count > 0 && plan.All(p => p.EstimatedCost is not null)
            ? $"~{new Cost(plan.Sum(p => p.EstimatedCost!.Amount), plan[0].EstimatedCost!.Currency)} at the batch price"
            : "cost unknown (no batch price in the catalog)";
        string online = tokens is { } t && _model?.Price is { } price ? $" (online: ~{new Cost(price.Cost(t, (long)(MaxTokens ?? 0) * _requests), price.Currency)})" : "";
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  Estimate: {(tokens is { } n ? $"~{n:N0} prompt tokens" : "prompt tokens unknown")}, {cost}{online}.");
        return text.ToString();
    }
}
