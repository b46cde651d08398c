using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Resilience.Retries;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// The parameters and the request pipeline every chat cmdlet shares (Invoke-VisionChat, Compare-Image) beyond the
/// image and request parameters of <see cref="VisionRequestCmdletBase"/>: streaming, cost cap, batches, retries and
/// rate limits. A derived cmdlet maps its own parameters to prompts and images and hands each request to <see cref="Sender"/>.
/// </summary>
public abstract class VisionChatCmdletBase : VisionRequestCmdletBase
{
    private ChatPipeline? _pipeline;
    private ChatRequestSender? _sender;

    /// <summary>Ask for the whole answer at once instead of a stream.</summary>
    [Parameter]
    public SwitchParameter NoStream { get; set; }

    /// <summary>Do not send stream_options.include_usage (for servers that reject it).</summary>
    [Parameter]
    public SwitchParameter NoStreamUsage { get; set; }

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

    // --- Run journal and answer cache (issue 19): one block, so it can move with the shared parameters. ---

    /// <summary>Answer a request from the cache when the same wire body was answered before (nothing sent, cost 0); answers are kept for later runs.</summary>
    [Parameter]
    public SwitchParameter Cache { get; set; }

    /// <summary>Send even when the cache holds an answer, and replace the cached answer with the new one.</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <summary>Record nothing in the run journal and use no cache for this run.</summary>
    [Parameter]
    public SwitchParameter NoJournal { get; set; }

    /// <summary>Keep only SHA-256 hashes of the prompt and system prompt in the journal, not their text.</summary>
    [Parameter]
    public SwitchParameter Private { get; set; }

    private Core.History.HistoryOptions HistoryOptions(Connection connection) => new()
    {
        Cache = Cache || connection.Profile?.Cache == true,
        Refresh = Refresh,
        NoJournal = NoJournal,
        Private = Private || connection.Profile?.PrivateHistory == true,
        Command = MyInvocation.MyCommand.Name,
    };

    // --- end of the journal block ---

    /// <summary>Where requests are built, charged and sent; set in BeginProcessing.</summary>
    private protected ChatPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("BeginProcessing has not run.");

    private protected ChatRequestSender Sender => _sender ?? throw new InvalidOperationException("BeginProcessing has not run.");

    /// <summary>The model of a conversation given as a parameter, which -Model overrides; null when none.</summary>
    protected virtual string? ConversationModel => null;

    /// <summary>The name progress records and ShouldProcess use.</summary>
    protected abstract string Activity { get; }

    /// <summary>True when this run sends nothing and needs no key: -RequestBodyOnly or -WhatIf.</summary>
    protected virtual bool SendsNothing => RequestBodyOnly || IsWhatIf();

    /// <summary>The cmdlet's own request settings beyond the shared ones (e.g. -TextFirst).</summary>
    protected virtual ChatSettings CustomizeOptions(ChatSettings options) => options;

    protected override void BeginProcessing()
    {
        try
        {
            ReadRequestParameters();
            Connection connection = ResolveConnection(requireKey: !SendsNothing);
            ChatSettings options = RequestSettings(connection) with
            {
                ConversationModel = ConversationModel,
                Stream = !NoStream,
                IncludeUsage = !NoStreamUsage,
                MaxCost = MaxCost,
                Retry = new RetryOptions { MaximumRetryCount = MaximumRetryCount, MaximumRetryWait = TimeSpan.FromSeconds(MaximumRetryWaitSec) },
                RequestsPerMinute = RequestsPerMinute,
                TokensPerMinute = TokensPerMinute,
                History = HistoryOptions(connection),
            };
            _pipeline = new ChatPipeline(connection, CreateClient(connection), CustomizeOptions(options));
            _sender = new ChatRequestSender(this, Activity, _pipeline, RequestBodyOnly, batch: ThrottleLimit > 1 && !SendsNothing, ThrottleLimit, PreserveOrder);
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, BaseUrl ?? Images.Detail, out _));
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
        PreparationOptions(Pipeline.ModelFor(Model, conversationModel), Pipeline.Catalog);

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
            return result.WithData(StructuredData.Convert(element, OutputSchema?.TargetType));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new Core.Structured.StructuredAnswerException(
                Core.Diagnostics.ErrorIds.AnswerNotValid,
                $"The answer from {result.Model} cannot become a {OutputSchema?.TargetType?.Name}: {e.Message} The raw text is kept in the error's Exception.RawText.",
                "Try again, or pass a JSON Schema and read the answer's Data as an object.",
                result,
                [e.Message]);
        }
    }

    /// <summary>For the sender, which lives outside the class hierarchy.</summary>
    internal void Report(Exception exception, object? target) => ReportError(exception, target);

    internal CancellationToken StopRequested => StopToken;
}
