using VisionPS.Core.Batches;
using VisionPS.Core.History;
using VisionPS.Core.Http;
using VisionPS.Core.Models;
using VisionPS.Core.Protocol;
using VisionPS.Core.Resilience.RateLimits;
using VisionPS.Core.Resilience.Retries;
using VisionPS.Core.Structured;
using VisionPS.Core.Tokens;

namespace VisionPS.Core.Chat;

/// <summary>
/// Everything a chat cmdlet does per request, without PowerShell: settings from its options, building the call,
/// the warnings before sending, the -MaxCost budget, and sending through the rate limiter and retries while the
/// counters add up tokens and cost. A cmdlet makes one per run:
/// <code>
/// var pipeline = new ChatPipeline(connection, client, settings);
/// ChatCall call = pipeline.Build(prompt, images, history, conversationModel);
/// pipeline.Charge(call);                                   // before sending; throws past -MaxCost
/// ChatResult result = await pipeline.Jobs.RunAsync(call, onText, onRetry, ct);
/// </code>
/// The connection (where, with which key) is resolved by the caller and handed in.
/// </summary>
public sealed class ChatPipeline
{
    private readonly Connection _connection;
    private readonly ChatSettings _options;
    private readonly CostBudget? _budget;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly object _planLock = new();
    private int _answered;
    private int _failed;
    private int _planned;
    private int _plannedFromCache;
    private decimal? _plannedCost;
    private string? _plannedCurrency;

    public ChatPipeline(Connection connection, VisionChatClient client, ChatSettings options, ModelCatalog? catalog = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Catalog = catalog ?? ModelCatalog.Load();
        Endpoint = client.ChatEndpoint;
        _budget = options.MaxCost is { } limit ? new CostBudget(limit, options.MaxTokens) : null;
        Jobs = new ChatJobRunner(
            new RetryingChatRunner(new ChatRunner(client), options.Retry),
            RateLimiting.CreateLimiter(
                options.RequestsPerMinute ?? connection.Profile?.RequestsPerMinute,
                options.TokensPerMinute ?? connection.Profile?.TokensPerMinute,
                Catalog.Find(ModelFor(null, null) ?? string.Empty)),
            Counters);
        History = ChatHistory.Open(options.History, Endpoint, connection.Profile?.Name, options.Environment);
    }

    /// <summary>The run journal and the answer cache of this run (off with -NoJournal or $env:VISIONPS_NO_JOURNAL).</summary>
    public ChatHistory History { get; }

    public ModelCatalog Catalog { get; }

    /// <summary>The chat completions URL requests go to (for verbose lines).</summary>
    public Uri Endpoint { get; }

    /// <summary>Retries, tokens and cost of every request of the run.</summary>
    public BatchCounters Counters { get; } = new();

    /// <summary>Sends one call through the rate limiter and retries, adding to <see cref="Counters"/>.</summary>
    public ChatJobRunner Jobs { get; }

    /// <summary>The model the images are prepared for; null when none can be named yet (the request reports that later).</summary>
    /// <param name="model">-Model as bound for this record (a piped object may bind it); null: the options' model.</param>
    /// <param name="conversationModel">The model of the conversation this request continues, if any.</param>
    public string? ModelFor(string? model, string? conversationModel) =>
        _connection.TryResolveModel(model ?? _options.Model, conversationModel ?? _options.ConversationModel, _options.Environment);

    /// <summary>The request settings; throws when no model can be named.</summary>
    /// <inheritdoc cref="ModelFor" path="/param"/>
    public ChatSettings SettingsFor(string? model, string? conversationModel)
    {
        string resolved = _connection.ResolveModel(model ?? _options.Model, conversationModel ?? _options.ConversationModel, _options.Environment);
        return _options with { BaseUrl = _connection.BaseUrl, Model = resolved, Quirks = _connection.Quirks, Catalog = Catalog, Output = OutputFor(resolved) };
    }

    /// <summary>
    /// Sends the call (rate limiter, retries, counters) and, when it asked for structured output, parses and validates
    /// the answer; an answer that is not valid throws <see cref="StructuredAnswerException"/> holding the result.
    /// </summary>
    /// With -Cache, an answer the cache holds for the same wire body comes back without sending anything.
    /// Every outcome is journalled here, the one point where the body is final and the outcome known.
    public async Task<ChatResult> RunAsync(ChatCall call, Action<string>? onText, Action<RetryNotice>? onRetry, CancellationToken cancellationToken)
    {
        if (History.Cached(call) is { } cached)
        {
            History.RecordCached(call, cached);
            onText?.Invoke(cached.Text);
            return call.Output is { } cachedOutput ? StructuredAnswer.Read(cached, cachedOutput) : cached;
        }

        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        ChatResult result;
        try
        {
            result = await Jobs.RunAsync(call, onText, onRetry, cancellationToken).ConfigureAwait(false);
            result = call.Output is { } output ? StructuredAnswer.Read(result, output) : result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            History.Record(call, null, e, System.Diagnostics.Stopwatch.GetElapsedTime(start));
            throw;
        }

        History.Record(call, result, null, System.Diagnostics.Stopwatch.GetElapsedTime(start));
        return result;
    }

    private StructuredOutput? OutputFor(string model) =>
        StructuredOutput.Choose(_options.Schema, _options.AsJson, _options.NoJsonSchema, _connection, Catalog.Find(model));

    /// <summary>
    /// The request for a prompt, its images (each after its label, when labels are given) and the history. The catalog's
    /// per-request image limit is enforced here, before anything is sent.
    /// </summary>
    /// A conversation that would pass the model's context loses its oldest images first (the call's Notes say so).
    public ChatCall Build(ChatSettings settings, string? prompt, IReadOnlyList<ImagePart> images, Conversation? history, IReadOnlyList<string>? labels = null)
    {
        ChatCall call = ChatCallBuilder.Build(settings, prompt, images, history, labels);
        int available = history?.GetImages().Count ?? 0;
        int dropped = 0;
        while (Overflows(call) && dropped < available)
        {
            dropped++;
            call = ChatCallBuilder.Build(settings, prompt, images, history!.WithoutOldestImages(dropped), labels);
        }

        if (dropped > 0)
        {
            string note = $"The conversation would pass {call.Request.Model}'s context of {call.Estimate.ContextLength:N0} tokens: left out its {dropped} oldest image(s), now ~{call.Estimate.PromptTokens:N0} tokens.";
            call = call.WithNotes([note]);
        }

        CallPreview.CheckImageLimit(call);
        return call;
    }

    private static bool Overflows(ChatCall call) =>
        call.Estimate is { PromptTokens: { } prompt, ContextLength: { } context } && prompt > context;

    /// <summary>What to warn about before sending (a blind model, a prompt over the context).</summary>
    public IEnumerable<string> Warnings(ChatCall call) => call.Notes.Concat(CallPreview.Warnings(call)).Concat(History.TakeWarnings());

    /// <summary>
    /// Charges the call to -MaxCost's budget (throws <see cref="Diagnostics.CostLimitException"/> past it); an answer
    /// from the cache costs nothing.
    /// </summary>
    public void Charge(ChatCall call)
    {
        if (History.Cached(call) is null)
        {
            _budget?.Charge(call);
        }
    }

    /// <summary>What -WhatIf shows for a call: the preview, and whether the cache would answer it.</summary>
    public string Describe(ChatCall call)
    {
        string preview = CallPreview.Describe(call);
        return History.Cached(call) is null ? preview : preview + "\n  Answered from the cache: nothing is sent, nothing paid.";
    }

    /// <summary>Counts a call that -WhatIf did not send, for <see cref="PlanSummary"/>.</summary>
    public void RecordPlanned(ChatCall call)
    {
        lock (_planLock)
        {
            _planned++;
            if (History.Cached(call) is not null)
            {
                _plannedFromCache++;
            }
            else if (call.Estimate.PromptCost is { } cost)
            {
                _plannedCost = (_plannedCost ?? 0) + cost.Amount;
                _plannedCurrency = cost.Currency;
            }
        }
    }

    /// <summary>"22 requests: 20 from the cache, 2 to send (~0.0021 USD prompt estimate)"; null when nothing was planned.</summary>
    public string? PlanSummary()
    {
        lock (_planLock)
        {
            if (_planned == 0)
            {
                return null;
            }

            string cost = _plannedCost is { } amount
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (~{amount:0.######} {_plannedCurrency} prompt estimate)")
                : string.Empty;
            return $"{_planned} request(s): {_plannedFromCache} answered from the cache, {_planned - _plannedFromCache} to send{cost}.";
        }
    }

    public void RecordAnswered() => Interlocked.Increment(ref _answered);

    public void RecordFailed() => Interlocked.Increment(ref _failed);

    /// <summary>Requests answered or failed outside a batch.</summary>
    public int Finished => Volatile.Read(ref _answered) + Volatile.Read(ref _failed);

    /// <summary>The summary line of a sequential run, the same a batch writes.</summary>
    public BatchSummary Summary()
    {
        int answered = Volatile.Read(ref _answered);
        int failed = Volatile.Read(ref _failed);
        var progress = new BatchProgressSnapshot(answered, failed, 0, 0, answered + failed, null, null);
        return BatchSummary.Create(progress, Counters, _clock.Elapsed);
    }
}
