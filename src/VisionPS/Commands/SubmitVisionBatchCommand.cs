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
public sealed class SubmitVisionBatchCommand : VisionBatchCmdletBase
{
    private string? _detail;
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
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    [Parameter]
    public string? SystemPrompt { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(DetailCompleter))]
    public string? Detail { get; set; }

    [Parameter]
    public SwitchParameter NoResize { get; set; }

    [Parameter]
    public SwitchParameter KeepMetadata { get; set; }

    /// <summary>Re-encode WebP images for servers that refuse WebP: to PNG, or JPEG for a lossy photo or when a PNG would not fit.</summary>
    [Parameter]
    public SwitchParameter ConvertWebP { get; set; }

    /// <summary>The page of a multi-page TIFF to send (1 = the first); other images have one page.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int Page { get; set; } = 1;

    /// <summary>
    /// Split tall or wide documents into overlapping, labelled tiles sent in one request, so their text stays legible:
    /// auto (the default: when the model's box would shrink the image too far), off, or a number of tiles (1-32).
    /// </summary>
    [Parameter]
    [ValidateTile]
    [ArgumentCompleter(typeof(TileCompleter))]
    public string Tile { get; set; } = "auto";

    [Parameter]
    [ValidateRange(1, 100)]
    public int Quality { get; set; }

    [Parameter]
    [ValidateRange(16, 65535)]
    public int MaxSize { get; set; }

    [Parameter]
    [ValidateRange(1024L, long.MaxValue)]
    public long MaxBytes { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxTokens { get; set; }

    [Parameter]
    [ValidateRange(0.0, 2.0)]
    public double? Temperature { get; set; }

    [Parameter]
    public SwitchParameter TextFirst { get; set; }

    [Parameter]
    public TokenLimitField TokenLimitField { get => (TokenLimitField)_tokenLimitField; set => _tokenLimitField = (int)value; }

    // An int, not the enum: see VisionChatCmdletBase.TokenLimitField (the module's own load context).
    private int _tokenLimitField = (int)TokenLimitField.Auto;

    /// <summary>
    /// The answer must be JSON following this schema (a JSON Schema as string or hashtable, or a type), as with
    /// Invoke-VisionChat; Receive-VisionBatch validates each answer and gives the parsed answer as the result's Data.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public object? Schema { get; set; }

    /// <summary>The answer must be a JSON object (response_format json_object); the parsed answer is the result's Data.</summary>
    [Parameter]
    public SwitchParameter AsJson { get; set; }

    /// <summary>For servers without json_schema: send json_object and put -Schema in the prompt (the answer is still validated).</summary>
    [Parameter]
    public SwitchParameter NoJsonSchema { get; set; }

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
            _detail = ImageDetail.Normalize(Detail);
            Connection connection = ResolveConnection(requireKey: !whatIf);
            ModelCatalog catalog = ModelCatalog.Load();
            string model = connection.ResolveModel(Model, null, Environment.GetEnvironmentVariable);
            _model = catalog.Find(model);
            _output = OutputFor(connection, catalog, model);
            _settings = new ChatSettings
            {
                BaseUrl = connection.BaseUrl,
                Model = model,
                SystemPrompt = SystemPrompt,
                MaxTokens = MaxTokens,
                Temperature = Temperature,
                Stream = false, // batch lines are answered whole
                IncludeUsage = false,
                TextFirst = TextFirst,
                TokenLimitField = TokenLimitField,
                Catalog = catalog,
                Output = _output,
            };
            var limits = new BatchLimits { MaxRequests = MaxRequestsPerBatch, MaxBytes = MaxBatchBytes, MaxEnqueuedTokens = MaxEnqueuedTokens ?? _model?.BatchEnqueuedTokens };
            if (!whatIf)
            {
                _store = OpenOrCreateJob(connection, model);
                _api = CreateBatchClient(connection.BaseUrl.ToString());
            }

            _submitter = new BatchSubmitter(_store, _api, limits, _model, MaxTokens, QueueVerbose);
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
        ImagePreparationOptions preparation = PreparationSwitches.ToOptions(NoResize, KeepMetadata, Quality, MaxSize, MaxBytes, _settings!.Model, Tile)
            with { ConvertWebP = ConvertWebP, Catalog = _settings.Catalog, Page = Page };
        foreach (object? raw in Image ?? [])
        {
            object? item = PathResolver.Unwrap(raw);
            foreach (ImageInput input in ImageInputReader.Read(item, raw ?? item!, paths, _detail, preparation))
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
        if (input.Error is not null || input.Part is not { } part)
        {
            ReportError(input.Error!, input.Target);
            return;
        }

        try
        {
            foreach (string warning in input.Parts.SelectMany(p => p.Warnings))
            {
                WriteWarning(warning);
            }

            if (_submitter!.ClaimAlreadySubmitted(part.Source))
            {
                WriteVerbose($"{part.Source}: already in this job's batches; not sent again.");
                return;
            }

            // A split document's tiles go in one request, as with Invoke-VisionChat.
            ChatCall call = ChatCallBuilder.Build(_settings!, Prompt, input.Parts);
            foreach (string warning in CallPreview.Warnings(call))
            {
                WriteWarning(warning);
            }

            foreach (ImagePart tile in input.Parts)
            {
                WriteVerbose(PreparationSummary.Of(tile));
            }

            RunSync(_submitter.AddAsync(call, part.Source, StopToken));
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
        string folder = JobFolder() ?? Path.Combine(BatchJobStore.DefaultRoot(Environment.GetEnvironmentVariable), "job-" + Digest($"{connection.BaseUrl}\n{model}\n{Prompt}\n{RequestShape()}"));
        BatchJobStore store = BatchJobOpener.OpenOrCreate(folder, connection.BaseUrl, model, Prompt, RequestShape(), out bool resumed, _output);
        WriteVerbose(resumed
            ? $"Continuing batch job {store.State.JobId} at {folder}: {store.State.Sources.Count:N0} requests in {store.State.Parts.Count} batches so far."
            : $"New batch job {store.State.JobId} at {folder}.");
        return store;
    }

    // Everything besides prompt, model and images that shapes a request body; a rerun that differs would mix shapes.
    private string RequestShape()
    {
        return Digest(string.Join('\n', SystemPrompt, MaxTokens, Temperature, TextFirst.IsPresent, TokenLimitField, _detail, NoResize.IsPresent, KeepMetadata.IsPresent, Quality, MaxSize, MaxBytes)
            + (ConvertWebP || Page != 1 || _output is not null ? $"\n{ConvertWebP.IsPresent}\n{Page}\n{OutputShape()}" : string.Empty) // unchanged for jobs without them
            + (Tile.Equals("auto", StringComparison.OrdinalIgnoreCase) ? string.Empty : $"\ntile {Tile.Trim().ToLowerInvariant()}"));
    }

    // The structured output as the requests carry it: a rerun with another schema (or none) must not join the job.
    private string OutputShape() => _output is null
        ? string.Empty
        : $"{(_output.Schema is null ? "json" : "schema")}|{_output.SchemaInPrompt}|{_output.Schema?.Name}|{_output.Schema?.ToJson()}";

    private VisionPS.Core.Structured.StructuredOutput? OutputFor(Connection connection, ModelCatalog catalog, string model) =>
        VisionPS.Core.Structured.StructuredOutput.Choose(Schema is null ? null : SchemaArgument.ToSchema(Schema), AsJson, NoJsonSchema, connection, catalog.Find(model));

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

    private bool IsWhatIf() =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound) && bound is SwitchParameter { IsPresent: true })
        || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference", false));
}
