using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.History;

/// <summary>
/// What one chat run does with the journal and the cache: looks a call up before it is charged and sent, and
/// records each outcome. A journal that cannot be used (damaged file, disk full) turns itself off for the run and
/// leaves one warning in <see cref="TakeWarnings"/>; requests never fail because of it.
/// </summary>
public sealed class ChatHistory
{
    private static readonly ConcurrentDictionary<string, bool> WarnedPaths = new(StringComparer.Ordinal);
    private readonly HistoryOptions _options;
    private readonly Uri _endpoint;
    private readonly string? _profile;
    private readonly ConditionalWeakTable<ChatCall, Lookup> _lookups = new();
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly string? _path;
    private readonly long _adviseAbove;
    private readonly object _openGate = new();
    private RunJournal? _journal;
    private bool _opened;
    private int _fromCache;

    private ChatHistory(string? path, long adviseAbove, HistoryOptions options, Uri endpoint, string? profile)
    {
        _path = path;
        _adviseAbove = adviseAbove;
        _opened = path is null;
        _options = options;
        _endpoint = endpoint;
        _profile = profile;
    }

    /// <summary>Identifies this run's rows (Get-VisionHistory -Run).</summary>
    public string Run { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>True while rows are written (the file is opened on the first row or lookup).</summary>
    public bool IsRecording => _path is not null && (!Volatile.Read(ref _opened) || Volatile.Read(ref _journal) is not null);

    /// <summary>True when -Cache (or the profile) looks answers up in the cache.</summary>
    public bool UsesCache => _options.Cache && !_options.Refresh && IsRecording;

    /// <summary>Requests of this run answered from the cache.</summary>
    public int FromCache => Volatile.Read(ref _fromCache);

    /// <summary>
    /// The history of a run that sends to <paramref name="endpoint"/>. Nothing is opened or created until the first
    /// row or cache lookup (-RequestBodyOnly and -Local leave no file); a bad journal file then means a run without
    /// it and one warning.
    /// </summary>
    public static ChatHistory Open(HistoryOptions options, Uri endpoint, string? profile, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        string? path = options.NoJournal ? null : HistoryLocation.Resolve(environment);
        return new ChatHistory(path, path is null ? 0 : HistoryLocation.AdviseAbove(environment), options, endpoint, profile);
    }

    // The journal, opened on first use; null when off or unusable.
    private RunJournal? Journal()
    {
        if (Volatile.Read(ref _opened))
        {
            return Volatile.Read(ref _journal);
        }

        lock (_openGate)
        {
            if (_opened)
            {
                return _journal;
            }

            try
            {
                RunJournal journal = RunJournal.Open(_path!);
                if (journal.SizeBytes > _adviseAbove && WarnedPaths.TryAdd(_path + "|size", true))
                {
                    _warnings.Enqueue($"The VisionPS history at {_path} holds {journal.SizeBytes / (1024 * 1024):N0} MB (over ${HistoryLocation.AdviseVariable}, default 1024): Clear-VisionHistory -Before (Get-Date).AddMonths(-3) frees space.");
                }

                Volatile.Write(ref _journal, journal);
            }
            catch (HistoryUnavailableException e)
            {
                WarnOnce(_path!, e);
            }

            Volatile.Write(ref _opened, true);
            return _journal;
        }
    }

    /// <summary>Warnings for the user (a journal that stopped working, a journal past its size), each once.</summary>
    public IEnumerable<string> TakeWarnings()
    {
        if (Volatile.Read(ref _opened) && Volatile.Read(ref _journal) is { Failure: { } failure } failed)
        {
            Disable(failed, failure);
        }

        while (_warnings.TryDequeue(out string? warning))
        {
            yield return warning;
        }
    }

    /// <summary>With -Cache, the stored answer to this call (cost 0 for this run); null to send it. Looked up once per call.</summary>
    public ChatResult? Cached(ChatCall call) => Find(call).Answer;

    /// <summary>Records that this run used the cached answer of <paramref name="call"/> instead of sending it.</summary>
    public void RecordCached(ChatCall call, ChatResult cached)
    {
        Interlocked.Increment(ref _fromCache);
        if (Journal() is { } journal)
        {
            Write(journal, Entry(call, cached, null, TimeSpan.Zero, fromCache: true, Find(call).Key), null);
        }
    }

    /// <summary>Records a sent call's outcome (a result, or the exception it failed with), and keeps the answer with -Cache/-Refresh.</summary>
    public void Record(ChatCall call, ChatResult? result, Exception? error, TimeSpan elapsed)
    {
        if (Journal() is not { } journal)
        {
            return;
        }

        if (result is null && error is Structured.StructuredAnswerException { Result: { } paid })
        {
            result = paid;
        }

        string? key = _options.StoresAnswers ? Find(call).Key : null;
        JournalEntry entry = Entry(call, result, error is null ? null : ErrorClassifier.Classify(error, null).ErrorId, elapsed, fromCache: false, key);
        CachedAnswer? answer = error is null && result is not null && key is not null
            ? new CachedAnswer(ToCompletion(result), result.RequestId, result.Cost?.Amount, result.Cost?.Currency, entry.Time)
            : null;
        Write(journal, entry, answer);
    }

    /// <summary>
    /// Records one Batch API line as received (Receive-VisionBatch): its result or error, with the images' hashes taken
    /// from the request as it was sent in the JSONL.
    /// </summary>
    public void RecordReceived(string source, ChatResult? result, Exception? error, string model, string prompt)
    {
        if (Journal() is not { } journal)
        {
            return;
        }

        if (result is null && error is Structured.StructuredAnswerException { Result: { } paid })
        {
            result = paid;
        }

        string[] urls = (result?.Messages ?? [])
            .Where(m => m.Role == ChatRole.User)
            .SelectMany(m => m.Content.Parts ?? [])
            .SelectMany(p => p.Video ?? (p.ImageUrl is { } image ? [image.Url] : p.VideoUrl is { } video ? [video.Url] : []))
            .ToArray();
        JournalImage[] images = urls.Length == 0
            ? [new JournalImage(source, string.Empty)]
            : urls.Select(u => new JournalImage(urls.Length == 1 ? source : $"{source} #{Array.IndexOf(urls, u) + 1}", UrlHash(u))).ToArray();
        Write(journal, new JournalEntry
        {
            Time = DateTimeOffset.UtcNow,
            Run = Run,
            Command = _options.Command,
            Profile = _profile,
            BaseUrl = _endpoint.ToString(),
            Model = result?.Model ?? model,
            Images = images,
            Prompt = _options.Private ? null : prompt,
            PromptHash = Hash(prompt),
            PromptTokens = result?.Usage?.PromptTokens,
            CompletionTokens = result?.Usage?.CompletionTokens,
            TotalTokens = result?.Usage?.TotalTokens,
            Cost = result?.Cost?.Amount,
            Currency = result?.Cost?.Currency,
            RequestId = result?.RequestId,
            FinishReason = result?.FinishReason,
            ErrorId = error is null ? null : ErrorClassifier.Classify(error, null).ErrorId,
        }, null);
    }

    // A data: URL's hash is its bytes' (as for an image sent online); a plain URL's is the URL's.
    private static string UrlHash(string url)
    {
        int comma = url.IndexOf(',', StringComparison.Ordinal);
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && comma > 0 && url.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Convert.ToHexString(SHA256.HashData(Convert.FromBase64String(url[(comma + 1)..]))).ToLowerInvariant();
            }
            catch (FormatException)
            {
                // Not base64 after all: hash the text.
            }
        }

        return Hash(url);
    }

    private Lookup Find(ChatCall call) => _lookups.GetValue(call, c =>
    {
        if (!_options.StoresAnswers || Journal() is not { } journal)
        {
            return new Lookup(null, null);
        }

        string key = RequestKey.Of(_endpoint, c.Request);
        if (_options.Refresh)
        {
            return new Lookup(key, null);
        }

        CachedAnswer? stored;
        try
        {
            stored = journal.FindAnswer(key);
        }
        catch (Exception e) when (e is HistoryUnavailableException or Microsoft.Data.Sqlite.SqliteException or System.Text.Json.JsonException)
        {
            Disable(journal, e);
            return new Lookup(key, null);
        }

        if (stored is null)
        {
            return new Lookup(key, null);
        }

        return new Lookup(key, Answered(c, stored));
    });

    private static ChatResult Answered(ChatCall call, CachedAnswer stored)
    {
        var answer = new ChatAnswerBuilder();
        answer.SetCompletion(stored.Completion);
        ChatResult result = call.ToResult(answer, new Http.ResponseInfo(200, stored.RequestId, new Dictionary<string, string>()), TimeSpan.Zero, null);
        return result.AsCached(stored.Time, new Cost(0m, stored.Currency ?? result.Cost?.Currency ?? "USD"));
    }

    private static ChatCompletion ToCompletion(ChatResult result) => new()
    {
        Id = result.Id,
        Model = result.Model,
        Choices = [new ChatChoice { Index = 0, FinishReason = result.FinishReason, Message = new ChatDelta { Content = result.Text, Refusal = result.Refusal } }],
        Usage = result.Usage is { } u
            ? new WireUsage
            {
                PromptTokens = u.PromptTokens,
                CompletionTokens = u.CompletionTokens,
                TotalTokens = u.TotalTokens,
                PromptTokensDetails = u.CachedTokens is { } cached ? new WirePromptTokensDetails { CachedTokens = cached } : null,
                CompletionTokensDetails = u.ReasoningTokens is { } reasoning ? new WireCompletionTokensDetails { ReasoningTokens = reasoning } : null,
            }
            : null,
    };

    private JournalEntry Entry(ChatCall call, ChatResult? result, string? errorId, TimeSpan elapsed, bool fromCache, string? key)
    {
        string? system = call.Request.Messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Content.JoinedText;
        return new JournalEntry
        {
            Time = DateTimeOffset.UtcNow,
            Run = Run,
            Command = _options.Command,
            Profile = _profile,
            BaseUrl = call.BaseUrl.ToString(),
            Model = result?.Model ?? call.Request.Model,
            Images = call.Images.Select(Image).ToArray(),
            Prompt = _options.Private ? null : call.Prompt,
            PromptHash = Hash(call.Prompt),
            SystemPrompt = _options.Private ? null : system,
            SystemPromptHash = system is null ? null : Hash(system),
            SchemaName = call.Request.ResponseFormat?.JsonSchema?.Name ?? call.Request.ResponseFormat?.Type,
            PromptTokens = result?.Usage?.PromptTokens,
            CompletionTokens = result?.Usage?.CompletionTokens,
            TotalTokens = result?.Usage?.TotalTokens,
            Cost = result?.Cost?.Amount,
            Currency = result?.Cost?.Currency,
            Duration = result?.Duration ?? elapsed,
            TimeToFirstToken = result?.TimeToFirstToken,
            RequestId = result?.RequestId,
            FinishReason = result?.FinishReason,
            ErrorId = errorId,
            FromCache = fromCache,
            CacheKey = key,
        };
    }

    private static JournalImage Image(ImagePart image) => new(
        image.Source,
        Convert.ToHexString(image.Kind == ImageSourceKind.Url ? SHA256.HashData(Encoding.UTF8.GetBytes(image.Source)) : !image.HasImage ? SHA256.HashData(Encoding.UTF8.GetBytes(image.Text ?? string.Empty)) : SHA256.HashData(image.Data.Span)).ToLowerInvariant());

    internal static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private void Write(RunJournal journal, JournalEntry entry, CachedAnswer? answer)
    {
        if (journal.Failure is { } failure)
        {
            Disable(journal, failure);
            return;
        }

        journal.Append(entry, answer);
    }

    /// <summary>Waits until every row of this run is written (the end of a command); a journal that failed meanwhile leaves its warning.</summary>
    public void Flush()
    {
        if (!Volatile.Read(ref _opened) || Volatile.Read(ref _journal) is not { } journal)
        {
            return;
        }

        journal.Flush();
        if (journal.Failure is { } failure)
        {
            Disable(journal, failure);
        }
    }

    private void Disable(RunJournal journal, Exception e)
    {
        if (Interlocked.CompareExchange(ref _journal, null, journal) == journal)
        {
            WarnOnce(journal.Path, e);
        }
    }

    private void WarnOnce(string path, Exception e)
    {
        if (WarnedPaths.TryAdd(path, true))
        {
            string reason = e is HistoryUnavailableException ? e.Message : $"The VisionPS history at {path} cannot be written: {e.Message}";
            _warnings.Enqueue($"{reason} VisionPS goes on without the journal and the answer cache. {HistoryUnavailableException.Advice}");
        }
    }

    private sealed record Lookup(string? Key, ChatResult? Answer);
}
