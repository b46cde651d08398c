using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Tokens;
using VisionPS.Core.Batches;
using VisionPS.Core.Resilience.RateLimits;
using VisionPS.Core.Resilience.Retries;
using VisionPS.Core.Diagnostics;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Sends a prompt with images to an OpenAI-compatible chat endpoint. The answer streams to the host as it arrives;
/// the pipeline gets one ChatResult per request. Piped images get one request each unless -SingleRequest.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VisionChat", SupportsShouldProcess = true)]
[OutputType(typeof(ChatResult), typeof(string))]
public sealed class InvokeVisionChatCommand : VisionCmdletBase
{
    private static readonly string[] HostTags = ["PSHOST"];
    private readonly List<ImagePart> _pending = [];
    private readonly List<object> _pendingTargets = [];
    private Connection? _connection;
    private VisionChatClient? _client;
    private ChatRunner? _runner;
    private string? _detail;
    private bool _onePerImage;
    private int _imageInputs;
    private int _pipedRequests;
    private decimal _estimatedSpend;
    private readonly object _costGate = new();
    private Core.Models.ModelCatalog? _catalog;
    private ChatJobRunner? _jobs;
    private ChatBatch? _batch;
    private readonly BatchCounters _counters = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _answered;
    private int _failed; // piped results and models, each answered by its own request

    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public string Prompt { get; set; } = string.Empty;

    /// <summary>Paths (wildcards allowed), http(s) URLs, data URLs, FileInfo or ImagePart objects; also from the pipeline.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true)]
    [Alias("Images")]
    public object[]? Image { get; set; }

    /// <summary>A previous result whose conversation this prompt continues (piping the result does the same).</summary>
    [Parameter]
    public ChatResult? Conversation { get; set; }

    /// <summary>The model id; also bound from a piped Get-VisionModel object (its Model alias property).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    [Parameter]
    public string? SystemPrompt { get; set; }

    /// <summary>auto, low, high, or a newer level, for images that do not carry their own.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DetailCompleter))]
    public string? Detail { get; set; }

    /// <summary>Send images as they are: no downscaling, rotating or re-encoding (metadata is still stripped losslessly unless -KeepMetadata).</summary>
    [Parameter]
    public SwitchParameter NoResize { get; set; }

    /// <summary>Keep EXIF (GPS included), XMP and comments in images sent unchanged; re-encoded images never carry metadata.</summary>
    [Parameter]
    public SwitchParameter KeepMetadata { get; set; }

    /// <summary>Re-encode WebP images (to PNG, or JPEG when a PNG would not fit) for servers that refuse WebP.</summary>
    [Parameter]
    public SwitchParameter ConvertWebP { get; set; }

    /// <summary>The page of a multi-page TIFF to send (1 = the first); other images have one page.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int Page { get; set; } = 1;

    /// <summary>JPEG quality (1-100) for images VisionPS re-encodes; default 85, lowered only to meet -MaxBytes.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int Quality { get; set; }

    /// <summary>Fit images into a MaxSize x MaxSize box instead of the model family's useful size (never enlarges).</summary>
    [Parameter]
    [ValidateRange(16, 65535)]
    public int MaxSize { get; set; }

    /// <summary>The most bytes of base64 one image may take in the request; default 1000000 (1 MB).</summary>
    [Parameter]
    [ValidateRange(1024L, long.MaxValue)]
    public long MaxBytes { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxTokens { get; set; }

    [Parameter]
    [ValidateRange(0.0, 2.0)]
    public double? Temperature { get; set; }

    /// <summary>Send every piped image in one request instead of one request per image.</summary>
    [Parameter]
    public SwitchParameter SingleRequest { get; set; }

    /// <summary>Ask for the whole answer at once instead of a stream.</summary>
    [Parameter]
    public SwitchParameter NoStream { get; set; }

    /// <summary>Do not send stream_options.include_usage (for servers that reject it).</summary>
    [Parameter]
    public SwitchParameter NoStreamUsage { get; set; }

    /// <summary>Put the text before the images (the default is images first).</summary>
    [Parameter]
    public SwitchParameter TextFirst { get; set; }

    /// <summary>Which field carries -MaxTokens: Auto (max_completion_tokens for OpenAI/Azure, max_tokens elsewhere).</summary>
    [Parameter]
    public TokenLimitField TokenLimitField { get => (TokenLimitField)_tokenLimitField; set => _tokenLimitField = (int)value; }

    // An int, not the enum: a field of a Core value type makes PowerShell load VisionPS.Core while it scans this assembly,
    // before ModuleInitializer can send it to the module's own load context (the import then fails).
    private int _tokenLimitField = (int)TokenLimitField.Auto;

    /// <summary>
    /// Refuse to send once the estimated cost of this run would pass this amount, in the model's catalog currency
    /// (prompt estimate, plus -MaxTokens answer tokens when given). A model without a catalog price is refused too.
    /// </summary>
    [Parameter]
    [ValidateRange(0.0, 1e9)]
    public decimal? MaxCost { get; set; }

    /// <summary>
    /// Up to this many requests in flight (default 1). Above 1, answers are not streamed to the host (they would
    /// interleave): results come as each finishes, with progress.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>With -ThrottleLimit above 1: write results in input order instead of as they finish.</summary>
    [Parameter]
    public SwitchParameter PreserveOrder { get; set; }

    /// <summary>Retries of a request that failed transiently (408, 409, 429, 5xx, connection failures, timeouts, cut streams).</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaximumRetryCount { get; set; } = 3;

    /// <summary>The longest wait before one retry, even when the server's Retry-After asks for more (then it is not retried).</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int MaximumRetryWaitSec { get; set; } = 60;

    /// <summary>Client-side limit of requests per minute; default: the model catalog's, if any.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? RequestsPerMinute { get; set; }

    /// <summary>Client-side limit of tokens per minute (pre-send estimate, then reported usage); default: the catalog's.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? TokensPerMinute { get; set; }

    /// <summary>Write the exact JSON request body for each request instead of sending it (needs no key).</summary>
    [Parameter]
    [Alias("DryRun")]
    public SwitchParameter RequestBodyOnly { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _detail = ImageDetail.Normalize(Detail);
            _connection = ResolveConnection(requireKey: !RequestBodyOnly && !IsWhatIf());
            _client = CreateClient(_connection);
            _runner = new ChatRunner(_client);
            _onePerImage = MyInvocation.ExpectingInput && !SingleRequest;
            _catalog = Core.Models.ModelCatalog.Load();
            var counters = _counters;
            _jobs = new ChatJobRunner(
                new RetryingChatRunner(_runner, new RetryOptions { MaximumRetryCount = MaximumRetryCount, MaximumRetryWait = TimeSpan.FromSeconds(MaximumRetryWaitSec) }),
                RateLimiting.CreateLimiter(RequestsPerMinute, TokensPerMinute, _catalog.Find(ModelForImages() ?? string.Empty)),
                counters);
            if (ThrottleLimit > 1 && !RequestBodyOnly && !IsWhatIf())
            {
                _batch = new ChatBatch(this, _jobs, ThrottleLimit, PreserveOrder, counters, ReportError);
            }
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, BaseUrl ?? Detail, out _));
        }
    }

    protected override void ProcessRecord()
    {
        var paths = new PathResolver(this);

        // Per record: -Model may come from a piped model, and the size limits depend on it.
        ImagePreparationOptions preparation = PreparationSwitches.ToOptions(NoResize, KeepMetadata, Quality, MaxSize, MaxBytes, ModelForImages()) with { ConvertWebP = ConvertWebP, Catalog = _catalog, Page = Page };
        foreach (object? raw in Image ?? [])
        {
            object? item = PathResolver.Unwrap(raw);
            if (item is ChatResult piped)
            {
                _pipedRequests++;
                Send(piped, [], piped);
                continue;
            }

            if (item is VisionModel model)
            {
                // Without -Image the piped model binds here too; its id is already bound to -Model: ask it the prompt.
                _pipedRequests++;
                Send(Conversation, [], model);
                continue;
            }

            if (_batch is not null && _onePerImage)
            {
                PostImages(item, raw ?? item!, paths, preparation);
                continue;
            }

            foreach (ImageInput input in ImageInputReader.Read(item, raw ?? item!, paths, _detail, preparation))
            {
                _imageInputs++;
                if (input.Part is null)
                {
                    ReportError(input.Error!, input.Target);
                    continue;
                }

                foreach (string warning in input.Part.Warnings)
                {
                    WriteWarning(warning);
                }

                WriteVerbose(PreparationSummary.Of(input.Part));

                if (_onePerImage)
                {
                    Send(Conversation, [input.Part], input.Target);
                }
                else
                {
                    _pending.Add(input.Part);
                    _pendingTargets.Add(input.Target);
                }
            }
        }
    }

    protected override void EndProcessing()
    {
        // One request for everything that was not sent one by one; none when every given image failed to load,
        // and none when only conversations were piped (each was answered already).
        bool textOnly = _imageInputs == 0 && _pipedRequests == 0 && !_onePerImage;
        if (_pending.Count > 0 || textOnly)
        {
            object target = _pendingTargets.Count switch { 0 => Prompt, 1 => _pendingTargets[0], _ => _pendingTargets.ToArray() };
            Send(Conversation, _pending, target);
        }

        if (_batch is not null)
        {
            _batch.Finish();
        }
        else if (_answered + _failed > 1)
        {
            // One request needs no summary; a run of them gets the same line a batch does.
            var progress = new BatchProgressSnapshot(_answered, _failed, 0, 0, _answered + _failed, null, null);
            WriteVerbose(BatchSummary.Create(progress, _counters, _clock.Elapsed).ToString());
        }
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        _batch?.Cancel();
    }

    protected override void DisposeCommand() => _batch?.Dispose();

    // The size limits depend on the model; when none can be named yet, the request itself reports that later.
    private string? ModelForImages() => _connection!.TryResolveModel(Model, Conversation?.Model, Environment.GetEnvironmentVariable);

    private void Send(ChatResult? conversation, IReadOnlyList<ImagePart> images, object target)
    {
        bool wroteText = false;
        try
        {
            ChatSettings settings = SettingsFor(conversation);
            ChatCall call = ChatCallBuilder.Build(settings, Prompt, images, conversation?.Messages);
            if (RequestBodyOnly)
            {
                WriteObject(call.ToJson());
                return;
            }

            foreach (string warning in CallPreview.Warnings(call))
            {
                WriteWarning(warning);
            }

            if (!ShouldProcess(CallPreview.Describe(call), $"Send a request to {call.Request.Model}?", "Invoke-VisionChat"))
            {
                return;
            }

            CheckCost(call);

            WriteVerbose(ChatVerbose.Sending(call, _client!.ChatEndpoint));
            if (_batch is not null)
            {
                _batch.Post(() => call, target);
                return;
            }

            ChatResult result = SynchronousPump.Run(() => _jobs!.RunAsync(
                call,
                text => { wroteText = true; WriteHost(text, newLine: false); },
                notice => { EndLine(ref wroteText); WriteVerbose(notice.ToString()); },
                StopToken));
            EndLine(ref wroteText);
            WriteVerbose(ChatVerbose.Received(result));
            _answered++;
            WriteObject(result);
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            EndLine(ref wroteText);
            _failed++;
            ReportError(ex, target);
        }
    }

    // Batches read and prepare images on the workers: only path resolution (PowerShell's) happens here.
    private void PostImages(object? item, object target, PathResolver paths, ImagePreparationOptions preparation)
    {
        ChatSettings settings;
        try
        {
            settings = SettingsFor(Conversation);
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, target);
            return;
        }

        foreach (PendingImage pending in ImageInputReader.Resolve(item, target, paths, _detail, preparation))
        {
            _imageInputs++;
            _batch!.Post(() => PrepareCall(pending, settings), pending.Target);
        }
    }

    // Runs on a batch worker: everything it reports goes through the batch's queues.
    private ChatCall PrepareCall(PendingImage pending, ChatSettings settings)
    {
        ImageInput input = pending.Load();
        if (input.Part is not { } part)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(input.Error!);
            throw input.Error!;
        }

        foreach (string warning in part.Warnings)
        {
            _batch!.Warn(warning);
        }

        _batch!.Verbose(PreparationSummary.Of(part));
        ChatCall call = ChatCallBuilder.Build(settings, Prompt, [part], Conversation?.Messages);
        foreach (string warning in CallPreview.Warnings(call))
        {
            _batch.Warn(warning);
        }

        CheckCost(call);
        _batch.Verbose(ChatVerbose.Sending(call, _client!.ChatEndpoint));
        return call;
    }

    private ChatSettings SettingsFor(ChatResult? conversation) => new()
    {
        BaseUrl = _connection!.BaseUrl,
        Model = _connection.ResolveModel(Model, conversation?.Model, Environment.GetEnvironmentVariable),
        SystemPrompt = SystemPrompt,
        MaxTokens = MaxTokens,
        Temperature = Temperature,
        Stream = !NoStream,
        IncludeUsage = !NoStreamUsage,
        TextFirst = TextFirst,
        TokenLimitField = TokenLimitField,
        Catalog = _catalog,
    };

    // -WhatIf sends nothing, so like -RequestBodyOnly it needs no key.
    private bool IsWhatIf() =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound) && bound is SwitchParameter { IsPresent: true })
        || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference", false));

    // Running total over the whole command: a batch stops before the request that would pass -MaxCost.
    private void CheckCost(ChatCall call)
    {
        if (MaxCost is not { } limit)
        {
            return;
        }

        // Batch workers check in parallel: the running total is shared.
        lock (_costGate)
        {
            CheckCostLocked(call, limit);
        }
    }

    private void CheckCostLocked(ChatCall call, decimal limit)
    {
        Cost ceiling = CallPreview.CostCeiling(call, MaxTokens) ?? throw new CostLimitException(
            ErrorIds.CostUnknown,
            $"-MaxCost cannot be checked: the model catalog has no price for {call.Request.Model} (or an image's token count is unknown).",
            "Add the model's price to a catalog file named by $env:VISIONPS_MODEL_CATALOG, or leave out -MaxCost.");
        if (_estimatedSpend + ceiling.Amount > limit)
        {
            throw new CostLimitException(
                ErrorIds.CostLimitExceeded,
                $"Sending this request would bring the estimated cost of this run to {_estimatedSpend + ceiling.Amount:0.######} {ceiling.Currency}, over -MaxCost {limit} {ceiling.Currency}; nothing more was sent.",
                "Raise -MaxCost, send fewer or smaller images (-Detail low, -MaxSize), or set -MaxTokens lower.");
        }

        _estimatedSpend += ceiling.Amount;
    }

    private void EndLine(ref bool wroteText)
    {
        if (wroteText)
        {
            wroteText = false;
            WriteHost(string.Empty, newLine: true);
        }
    }

    // Write-Host's way: an information record tagged PSHOST, so -InformationAction Ignore silences it and 6> captures it.
    private void WriteHost(string text, bool newLine) =>
        WriteInformation(new HostInformationMessage { Message = text, NoNewLine = !newLine }, HostTags);
}
