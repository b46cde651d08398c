using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.History;

/// <summary>
/// The per-user journal of requests and the answer cache, in one SQLite file (<see cref="HistoryLocation"/>). Each
/// write is one short transaction on a pooled connection, so many threads and processes can write at once; a write
/// that still fails is the caller's to report, never the request's failure. Usage:
/// <code>
/// RunJournal journal = RunJournal.Open(path);          // throws HistoryUnavailableException for a bad file
/// journal.Write(entry, answer);                        // one row (and the answer, for the cache)
/// journal.FindAnswer(key);                             // a cached completion or null
/// journal.Query(filter); journal.Clear(before);
/// </code>
/// </summary>
public sealed class RunJournal
{
    // One connection per file and process, its statements prepared once; writes from many threads take turns on it
    // (SQLite serialises writers anyway), other processes wait on SQLite's lock with the busy timeout.
    private static readonly ConcurrentDictionary<string, RunJournal> Journals = new(StringComparer.Ordinal);

    // How long queued rows wait for company before the background write; Flush (end of command) does not wait.
    private static readonly TimeSpan GatherTime = TimeSpan.FromMilliseconds(50);
    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _save;
    private readonly SqliteCommand _find;
    private readonly ConcurrentQueue<(JournalEntry Entry, CachedAnswer? Answer)> _pending = new();
    private int _draining;
    private Exception? _failure;
    private bool _closed;

    private RunJournal(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _insert = Prepare("""
            INSERT INTO requests (time, run, command, profile, base_url, model, images, image_count, prompt, prompt_hash,
                system_prompt, system_prompt_hash, schema_name, prompt_tokens, completion_tokens, total_tokens, cost, currency,
                duration_ms, ttft_ms, request_id, finish_reason, error_id, from_cache, cache_key)
            VALUES ($time, $run, $command, $profile, $base_url, $model, $images, $image_count, $prompt, $prompt_hash,
                $system_prompt, $system_prompt_hash, $schema_name, $prompt_tokens, $completion_tokens, $total_tokens, $cost, $currency,
                $duration_ms, $ttft_ms, $request_id, $finish_reason, $error_id, $from_cache, $cache_key)
            """);
        _save = Prepare("INSERT OR REPLACE INTO answers (key, time, completion, request_id, cost, currency) VALUES ($key, $time, $completion, $request_id, $cost, $currency)");
        _find = Prepare("SELECT time, completion, request_id, cost, currency FROM answers WHERE key = $key");
    }

    public string Path { get; }

    /// <summary>The journal at <paramref name="path"/>, created if missing; checked when this process first opens it.</summary>
    /// <exception cref="HistoryUnavailableException">The file is damaged or not a VisionPS history.</exception>
    public static RunJournal Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = System.IO.Path.GetFullPath(path);
        lock (Journals)
        {
            if (Journals.TryGetValue(path, out RunJournal? open))
            {
                if (File.Exists(path))
                {
                    return open;
                }

                // Deleted since (Remove-Item): start a new file rather than write into the unlinked one.
                open.Dispose();
            }

            var journal = new RunJournal(path, HistoryDatabase.Open(path));
            Journals[path] = journal;
            return journal;
        }
    }

    /// <summary>Closes this process's connection to <paramref name="path"/>, if any.</summary>
    internal static void Close(string path)
    {
        lock (Journals)
        {
            if (Journals.TryRemove(System.IO.Path.GetFullPath(path), out RunJournal? journal))
            {
                journal.Dispose();
            }
        }
    }

    /// <summary>The database file's size with its WAL, in bytes.</summary>
    public long SizeBytes =>
        (File.Exists(Path) ? new FileInfo(Path).Length : 0) + (File.Exists(Path + "-wal") ? new FileInfo(Path + "-wal").Length : 0);

    /// <summary>
    /// Queues a row (and its answer) and returns at once; a thread-pool worker writes what gathered within 50 ms in one
    /// transaction, so the request never waits for the disk and a burst of rows costs one commit. <see cref="Flush"/>
    /// (the end of every command, any query) waits until it is written. A write that failed is in <see cref="Failure"/>.
    /// </summary>
    internal void Append(JournalEntry entry, CachedAnswer? answer = null)
    {
        _pending.Enqueue((entry, answer));
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // Rows gather for a moment first: one commit for a burst of requests instead of one each.
            _ = Task.Delay(GatherTime).ContinueWith(static (_, journal) => ((RunJournal)journal!).DrainInBackground(), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>Writes every queued row now; afterwards <see cref="Failure"/> says whether they all went in.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            WritePending();
        }
    }

    /// <summary>Why queued rows could not be written (then they are dropped and no more are written); null while all is well.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    private void DrainInBackground()
    {
        do
        {
            lock (_gate)
            {
                WritePending();
            }

            Volatile.Write(ref _draining, 0);
        }
        while (!_pending.IsEmpty && Interlocked.CompareExchange(ref _draining, 1, 0) == 0);
    }

    // Under _gate: everything queued, in transactions of up to 256 rows.
    private void WritePending()
    {
        var batch = new List<(JournalEntry Entry, CachedAnswer? Answer)>();
        while (!_pending.IsEmpty)
        {
            batch.Clear();
            while (batch.Count < 256 && _pending.TryDequeue(out var item))
            {
                batch.Add(item);
            }

            if (_failure is not null || _closed)
            {
                continue;
            }

            try
            {
                WriteLocked(batch);
            }
            catch (Exception e) when (e is SqliteException or HistoryUnavailableException or IOException or UnauthorizedAccessException)
            {
                Volatile.Write(ref _failure, e is SqliteException { SqliteErrorCode: 11 or 26 } corrupt ? HistoryDatabase.Unavailable(Path, corrupt) : e);
            }
        }
    }

    /// <summary>Writes one row (and its answer) now, in its own transaction.</summary>
    internal void Write(JournalEntry entry, CachedAnswer? answer = null)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            try
            {
                WriteLocked([(entry, answer)]);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
            {
                throw HistoryDatabase.Unavailable(Path, e);
            }
        }
    }

    private void WriteLocked(IReadOnlyList<(JournalEntry Entry, CachedAnswer? Answer)> rows)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
        foreach ((JournalEntry entry, CachedAnswer? answer) in rows)
        {
            Insert(transaction, entry, answer);
        }

        transaction.Commit();
    }

    private void Insert(SqliteTransaction transaction, JournalEntry entry, CachedAnswer? answer)
    {
        string? images = entry.Images.Count == 0 ? null : JsonSerializer.Serialize(entry.Images.Select(i => new[] { i.Source, i.Sha256 }).ToArray(), HistoryJsonContext.Default.StringArrayArray);
        string? completion = answer is null || entry.CacheKey is null ? null : JsonSerializer.Serialize(answer.Completion, ProtocolJsonContext.Default.ChatCompletion);
        _insert.Transaction = transaction;
        Set(_insert, "$time", entry.Time.ToUnixTimeMilliseconds());
        Set(_insert, "$run", entry.Run);
        Set(_insert, "$command", entry.Command);
        Set(_insert, "$profile", entry.Profile);
        Set(_insert, "$base_url", entry.BaseUrl);
        Set(_insert, "$model", entry.Model);
        Set(_insert, "$images", images);
        Set(_insert, "$image_count", entry.Images.Count);
        Set(_insert, "$prompt", entry.Prompt);
        Set(_insert, "$prompt_hash", entry.PromptHash);
        Set(_insert, "$system_prompt", entry.SystemPrompt);
        Set(_insert, "$system_prompt_hash", entry.SystemPromptHash);
        Set(_insert, "$schema_name", entry.SchemaName);
        Set(_insert, "$prompt_tokens", entry.PromptTokens);
        Set(_insert, "$completion_tokens", entry.CompletionTokens);
        Set(_insert, "$total_tokens", entry.TotalTokens);
        Set(_insert, "$cost", entry.Cost is { } cost ? (double)cost : null);
        Set(_insert, "$currency", entry.Currency);
        Set(_insert, "$duration_ms", entry.Duration is { } d ? (long)d.TotalMilliseconds : null);
        Set(_insert, "$ttft_ms", entry.TimeToFirstToken is { } t ? (long)t.TotalMilliseconds : null);
        Set(_insert, "$request_id", entry.RequestId);
        Set(_insert, "$finish_reason", entry.FinishReason);
        Set(_insert, "$error_id", entry.ErrorId);
        Set(_insert, "$from_cache", entry.FromCache ? 1 : 0);
        Set(_insert, "$cache_key", entry.CacheKey);
        _insert.ExecuteNonQuery();
        if (completion is not null)
        {
            _save.Transaction = transaction;
            Set(_save, "$key", entry.CacheKey);
            Set(_save, "$time", entry.Time.ToUnixTimeMilliseconds());
            Set(_save, "$completion", completion);
            Set(_save, "$request_id", answer!.RequestId);
            Set(_save, "$cost", answer.Cost is { } c ? (double)c : null);
            Set(_save, "$currency", answer.Currency);
            _save.ExecuteNonQuery();
        }
    }

    /// <summary>The cached answer for a request key, or null.</summary>
    internal CachedAnswer? FindAnswer(string key)
    {
        // An answer still queued (kept a moment ago) counts already.
        CachedAnswer? queued = null;
        foreach ((JournalEntry entry, CachedAnswer? answer) in _pending)
        {
            if (answer is not null && entry.CacheKey == key)
            {
                queued = answer;
            }
        }

        if (queued is not null)
        {
            return queued;
        }

        string json;
        string? requestId, currency;
        decimal? cost;
        long time;
        lock (_gate)
        {
            ThrowIfClosed();
            _find.Transaction = null;
            Set(_find, "$key", key);
            using SqliteDataReader reader = _find.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            (time, json) = (reader.GetInt64(0), reader.GetString(1));
            requestId = reader.IsDBNull(2) ? null : reader.GetString(2);
            cost = reader.IsDBNull(3) ? null : (decimal)reader.GetDouble(3);
            currency = reader.IsDBNull(4) ? null : reader.GetString(4);
        }

        ChatCompletion? completion = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.ChatCompletion);
        return completion is null ? null : new CachedAnswer(completion, requestId, cost, currency, DateTimeOffset.FromUnixTimeMilliseconds(time));
    }

    /// <summary>Journal rows that pass <paramref name="filter"/>, oldest first.</summary>
    public IReadOnlyList<HistoryEntry> Query(HistoryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        try
        {
            Flush();
            return Select(filter);
        }
        catch (SqliteException e)
        {
            throw HistoryDatabase.Unavailable(Path, e);
        }
    }

    private List<HistoryEntry> Select(HistoryFilter filter)
    {
        var where = new List<string>();
        using SqliteCommand query = _connection.CreateCommand();
        if (filter.After is { } after)
        {
            where.Add("time >= $after");
            Add(query, "$after", after.ToUnixTimeMilliseconds());
        }

        if (filter.Before is { } before)
        {
            where.Add("time < $before");
            Add(query, "$before", before.ToUnixTimeMilliseconds());
        }

        if (filter.Run is { } run)
        {
            where.Add("run = $run");
            Add(query, "$run", run);
        }

        if (filter.Failed is { } failed)
        {
            where.Add(failed ? "error_id IS NOT NULL" : "error_id IS NULL");
        }

        query.CommandText = "SELECT id, time, run, command, profile, base_url, model, images, image_count, prompt, prompt_hash, system_prompt, "
            + "system_prompt_hash, schema_name, prompt_tokens, completion_tokens, total_tokens, cost, currency, duration_ms, ttft_ms, request_id, "
            + "finish_reason, error_id, from_cache FROM requests"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty)
            + " ORDER BY id DESC";

        System.Text.RegularExpressions.Regex? model = HistoryFilter.Wildcard(filter.Model);
        System.Text.RegularExpressions.Regex? source = HistoryFilter.Wildcard(filter.Source);
        System.Text.RegularExpressions.Regex? error = HistoryFilter.Wildcard(filter.ErrorId);
        System.Text.RegularExpressions.Regex? profile = HistoryFilter.Wildcard(filter.Profile);
        var rows = new List<HistoryEntry>();
        lock (_gate)
        {
            ThrowIfClosed();
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read() && (filter.Newest is not { } newest || rows.Count < newest))
            {
                HistoryEntry row = Read(reader);
                if ((model is null || model.IsMatch(row.Model ?? string.Empty))
                    && (error is null || error.IsMatch(row.ErrorId ?? string.Empty))
                    && (profile is null || profile.IsMatch(row.Profile ?? string.Empty))
                    && (source is null || row.Images.Split("; ").Any(source.IsMatch)))
                {
                    rows.Add(row);
                }
            }
        }

        rows.Reverse();
        return rows;
    }

    /// <summary>Removes rows and cached answers older than <paramref name="before"/> (all with null); returns the rows removed.</summary>
    public int Clear(DateTimeOffset? before)
    {
        try
        {
            Flush();
            return Delete(before);
        }
        catch (SqliteException e)
        {
            throw HistoryDatabase.Unavailable(Path, e);
        }
    }

    private int Delete(DateTimeOffset? before)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            return DeleteLocked(before);
        }
    }

    private int DeleteLocked(DateTimeOffset? before)
    {
        SqliteConnection connection = _connection;
        int removed;
        using (SqliteTransaction transaction = connection.BeginTransaction(deferred: false))
        {
            using SqliteCommand requests = connection.CreateCommand();
            requests.Transaction = transaction;
            requests.CommandText = before is null ? "DELETE FROM requests" : "DELETE FROM requests WHERE time < $before";
            using SqliteCommand answers = connection.CreateCommand();
            answers.Transaction = transaction;
            answers.CommandText = before is null ? "DELETE FROM answers" : "DELETE FROM answers WHERE time < $before";
            if (before is { } limit)
            {
                Add(requests, "$before", limit.ToUnixTimeMilliseconds());
                Add(answers, "$before", limit.ToUnixTimeMilliseconds());
            }

            removed = requests.ExecuteNonQuery();
            answers.ExecuteNonQuery();
            transaction.Commit();
        }

        // Gives the freed pages back to the file system (auto_vacuum = INCREMENTAL), then folds the WAL in.
        HistoryDatabase.Execute(connection, "PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);");
        return removed;
    }

    private SqliteCommand Prepare(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (System.Text.RegularExpressions.Match name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-z_]+"))
        {
            if (!command.Parameters.Contains(name.Value))
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name.Value, Value = DBNull.Value });
            }
        }

        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new HistoryUnavailableException(Path, "it was closed in this process.");
        }
    }

    private void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _insert.Dispose();
            _save.Dispose();
            _find.Dispose();
            _connection.Dispose();
        }
    }

    private static HistoryEntry Read(SqliteDataReader r)
    {
        string[][] images = r.IsDBNull(7) ? [] : JsonSerializer.Deserialize(r.GetString(7), HistoryJsonContext.Default.StringArrayArray) ?? [];
        return new HistoryEntry
        {
            Id = r.GetInt64(0),
            Time = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)).ToLocalTime(),
            Run = r.GetString(2),
            Command = Text(r, 3),
            Profile = Text(r, 4),
            BaseUrl = Text(r, 5),
            Model = Text(r, 6),
            Images = string.Join("; ", images.Select(i => i[0])),
            ImageHashes = string.Join("; ", images.Select(i => i.Length > 1 ? i[1] : string.Empty)),
            ImageCount = r.GetInt32(8),
            Prompt = Text(r, 9),
            PromptHash = Text(r, 10),
            SystemPrompt = Text(r, 11),
            SystemPromptHash = Text(r, 12),
            SchemaName = Text(r, 13),
            PromptTokens = Int(r, 14),
            CompletionTokens = Int(r, 15),
            TotalTokens = Int(r, 16),
            Cost = r.IsDBNull(17) ? null : (decimal)r.GetDouble(17),
            Currency = Text(r, 18),
            Duration = r.IsDBNull(19) ? null : TimeSpan.FromMilliseconds(r.GetInt64(19)),
            TimeToFirstToken = r.IsDBNull(20) ? null : TimeSpan.FromMilliseconds(r.GetInt64(20)),
            RequestId = Text(r, 21),
            FinishReason = Text(r, 22),
            ErrorId = Text(r, 23),
            FromCache = r.GetInt64(24) != 0,
        };
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static int? Int(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static void Add(SqliteCommand command, string name, object? value) =>
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
}
