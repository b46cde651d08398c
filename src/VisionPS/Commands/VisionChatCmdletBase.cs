using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Resilience.Retries;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// The parameters and the request pipeline every chat cmdlet shares (Invoke-VisionChat, Compare-Image): model and
/// answer settings, image preparation, cost cap, batches, retries and rate limits. A derived cmdlet maps its own
/// parameters to prompts and images and hands each request to <see cref="Sender"/>.
/// </summary>
public abstract class VisionChatCmdletBase : VisionCmdletBase
{
    private ChatPipeline? _pipeline;
    private ChatRequestSender? _sender;
    private Core.Structured.OutputSchema? _schema;

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

    /// <summary>Ask for the whole answer at once instead of a stream.</summary>
    [Parameter]
    public SwitchParameter NoStream { get; set; }

    /// <summary>Do not send stream_options.include_usage (for servers that reject it).</summary>
    [Parameter]
    public SwitchParameter NoStreamUsage { get; set; }

    /// <summary>Which field carries -MaxTokens: Auto (max_completion_tokens for OpenAI/Azure, max_tokens elsewhere).</summary>
    [Parameter]
    public TokenLimitField TokenLimitField { get => (TokenLimitField)_tokenLimitField; set => _tokenLimitField = (int)value; }

    // An int, not the enum: a field of a Core value type makes PowerShell load VisionPS.Core while it scans this assembly,
    // before the module initializer can send it to the module's own load context (the import then fails).
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

    /// <summary>
    /// The answer must be JSON following this schema: a JSON Schema (string or hashtable), or a PowerShell class or .NET
    /// type (the schema is made from its public properties). Sent as response_format json_schema (strict when the schema
    /// allows); the parsed answer is the result's Data.
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

    /// <summary>Write the exact JSON request body for each request instead of sending it (needs no key).</summary>
    [Parameter]
    [Alias("DryRun")]
    public SwitchParameter RequestBodyOnly { get; set; }

    /// <summary>Where requests are built, charged and sent; set in BeginProcessing.</summary>
    private protected ChatPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("BeginProcessing has not run.");

    private protected ChatRequestSender Sender => _sender ?? throw new InvalidOperationException("BeginProcessing has not run.");

    /// <summary>-Detail, normalized; set in BeginProcessing.</summary>
    protected string? NormalizedDetail { get; private set; }

    /// <summary>The model of a conversation given as a parameter, which -Model overrides; null when none.</summary>
    protected virtual string? ConversationModel => null;

    /// <summary>The name progress records and ShouldProcess use.</summary>
    protected abstract string Activity { get; }

    /// <summary>True when this run sends nothing and needs no key: -RequestBodyOnly or -WhatIf.</summary>
    protected virtual bool SendsNothing => RequestBodyOnly || IsWhatIf();

    /// <summary>The cmdlet's own request settings beyond the shared ones (e.g. -TextFirst).</summary>
    protected virtual ChatPipelineOptions CustomizeOptions(ChatPipelineOptions options) => options;

    protected override void BeginProcessing()
    {
        try
        {
            NormalizedDetail = ImageDetail.Normalize(Detail);
            Connection connection = ResolveConnection(requireKey: !SendsNothing);
            var options = new ChatPipelineOptions
            {
                Model = Model,
                ConversationModel = ConversationModel,
                SystemPrompt = SystemPrompt,
                MaxTokens = MaxTokens,
                Temperature = Temperature,
                Stream = !NoStream,
                IncludeUsage = !NoStreamUsage,
                TokenLimitField = TokenLimitField,
                MaxCost = MaxCost,
                Retry = new RetryOptions { MaximumRetryCount = MaximumRetryCount, MaximumRetryWait = TimeSpan.FromSeconds(MaximumRetryWaitSec) },
                RequestsPerMinute = RequestsPerMinute,
                TokensPerMinute = TokensPerMinute,
                Schema = _schema = Schema is null ? null : SchemaArgument.ToSchema(Schema),
                AsJson = AsJson,
                NoJsonSchema = NoJsonSchema,
            };
            _pipeline = new ChatPipeline(connection, CreateClient(connection), CustomizeOptions(options));
            _sender = new ChatRequestSender(this, Activity, _pipeline, RequestBodyOnly, batch: ThrottleLimit > 1 && !SendsNothing, ThrottleLimit, PreserveOrder);
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, BaseUrl ?? Detail, out _));
        }
    }

    protected override void EndProcessing() => Sender.Finish();

    protected override void StopProcessing()
    {
        base.StopProcessing();
        _sender?.Cancel();
    }

    protected override void DisposeCommand() => _sender?.Dispose();

    /// <summary>
    /// How images are prepared, per record: -Model may come from a piped object, and the size limits depend on it.
    /// </summary>
    protected ImagePreparationOptions PreparationOptions(string? conversationModel) =>
        PreparationSwitches.ToOptions(NoResize, KeepMetadata, Quality, MaxSize, MaxBytes, Pipeline.ModelFor(Model, conversationModel), Tile)
            with { ConvertWebP = ConvertWebP, Catalog = Pipeline.Catalog, Page = Page };

    /// <summary>The request settings for this record (-Model as bound now); throws when no model can be named.</summary>
    protected ChatSettings SettingsFor(string? conversationModel) => Pipeline.SettingsFor(Model, conversationModel);

    /// <summary>
    /// A result as the pipeline gets it: with structured output, Data becomes a PSCustomObject (or the -Schema type's
    /// instance) and the answer's fields and its Image show as columns (Export-Csv); otherwise the result itself.
    /// </summary>
    protected object ForPipeline(ChatResult result) => result.Data is System.Text.Json.JsonElement
        ? StructuredData.Flatten(WithPowerShellData(result))
        : result;

    /// <summary>The result with Data converted for PowerShell, not flattened (for results inside other objects).</summary>
    protected ChatResult WithPowerShellData(ChatResult result)
    {
        if (result.Data is not System.Text.Json.JsonElement element)
        {
            return result;
        }

        try
        {
            return result.WithData(StructuredData.Convert(element, _schema?.TargetType));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new Core.Structured.StructuredAnswerException(
                Core.Diagnostics.ErrorIds.AnswerNotValid,
                $"The answer from {result.Model} cannot become a {_schema?.TargetType?.Name}: {e.Message} The raw text is kept in the error's Exception.RawText.",
                "Try again, or pass a JSON Schema and read the answer's Data as an object.",
                result,
                [e.Message]);
        }
    }

    /// <summary>For the sender, which lives outside the class hierarchy.</summary>
    internal void Report(Exception exception, object? target) => ReportError(exception, target);

    internal CancellationToken StopRequested => StopToken;

    // -WhatIf sends nothing, so like -RequestBodyOnly it needs no key.
    private bool IsWhatIf() =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound) && bound is SwitchParameter { IsPresent: true })
        || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference", false));
}
