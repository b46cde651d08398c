using System.Globalization;
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
    private RunJournal(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The journal at <paramref name="path"/>, created if missing and checked once per process.</summary>
    /// <exception cref="HistoryUnavailableException">The file is damaged or not a VisionPS history.</exception>
    public static RunJournal Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using SqliteConnection connection = HistoryDatabase.Open(path);
        return new RunJournal(path);
    }

    /// <summary>The database file's size with its WAL, in bytes.</summary>
    public long SizeBytes =>
        (File.Exists(Path) ? new FileInfo(Path).Length : 0) + (File.Exists(Path + "-wal") ? new FileInfo(Path + "-wal").Length : 0);

    internal void Write(JournalEntry entry, CachedAnswer? answer = null)
    {
        using SqliteConnection connection = Connect();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        using (SqliteCommand insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO requests (time, run, command, profile, base_url, model, images, image_count, prompt, prompt_hash,
                    system_prompt, system_prompt_hash, schema_name, prompt_tokens, completion_tokens, total_tokens, cost, currency,
                    duration_ms, ttft_ms, request_id, finish_reason, error_id, from_cache, cache_key)
                VALUES ($time, $run, $command, $profile, $base_url, $model, $images, $image_count, $prompt, $prompt_hash,
                    $system_prompt, $system_prompt_hash, $schema_name, $prompt_tokens, $completion_tokens, $total_tokens, $cost, $currency,
                    $duration_ms, $ttft_ms, $request_id, $finish_reason, $error_id, $from_cache, $cache_key)
                """;
            Add(insert, "$time", entry.Time.ToUnixTimeMilliseconds());
            Add(insert, "$run", entry.Run);
            Add(insert, "$command", entry.Command);
            Add(insert, "$profile", entry.Profile);
            Add(insert, "$base_url", entry.BaseUrl);
            Add(insert, "$model", entry.Model);
            Add(insert, "$images", entry.Images.Count == 0 ? null : JsonSerializer.Serialize(entry.Images.Select(i => new[] { i.Source, i.Sha256 }).ToArray(), HistoryJsonContext.Default.StringArrayArray));
            Add(insert, "$image_count", entry.Images.Count);
            Add(insert, "$prompt", entry.Prompt);
            Add(insert, "$prompt_hash", entry.PromptHash);
            Add(insert, "$system_prompt", entry.SystemPrompt);
            Add(insert, "$system_prompt_hash", entry.SystemPromptHash);
            Add(insert, "$schema_name", entry.SchemaName);
            Add(insert, "$prompt_tokens", entry.PromptTokens);
            Add(insert, "$completion_tokens", entry.CompletionTokens);
            Add(insert, "$total_tokens", entry.TotalTokens);
            Add(insert, "$cost", entry.Cost is { } cost ? (double)cost : null);
            Add(insert, "$currency", entry.Currency);
            Add(insert, "$duration_ms", entry.Duration is { } d ? (long)d.TotalMilliseconds : null);
            Add(insert, "$ttft_ms", entry.TimeToFirstToken is { } t ? (long)t.TotalMilliseconds : null);
            Add(insert, "$request_id", entry.RequestId);
            Add(insert, "$finish_reason", entry.FinishReason);
            Add(insert, "$error_id", entry.ErrorId);
            Add(insert, "$from_cache", entry.FromCache ? 1 : 0);
            Add(insert, "$cache_key", entry.CacheKey);
            insert.ExecuteNonQuery();
        }

        if (answer is not null && entry.CacheKey is { } key)
        {
            using SqliteCommand save = connection.CreateCommand();
            save.Transaction = transaction;
            save.CommandText = "INSERT OR REPLACE INTO answers (key, time, completion, request_id, cost, currency) VALUES ($key, $time, $completion, $request_id, $cost, $currency)";
            Add(save, "$key", key);
            Add(save, "$time", entry.Time.ToUnixTimeMilliseconds());
            Add(save, "$completion", JsonSerializer.Serialize(answer.Completion, ProtocolJsonContext.Default.ChatCompletion));
            Add(save, "$request_id", answer.RequestId);
            Add(save, "$cost", answer.Cost is { } c ? (double)c : null);
            Add(save, "$currency", answer.Currency);
            save.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The cached answer for a request key, or null.</summary>
    internal CachedAnswer? FindAnswer(string key)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand find = connection.CreateCommand();
        find.CommandText = "SELECT time, completion, request_id, cost, currency FROM answers WHERE key = $key";
        Add(find, "$key", key);
        using SqliteDataReader reader = find.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        ChatCompletion? completion = JsonSerializer.Deserialize(reader.GetString(1), ProtocolJsonContext.Default.ChatCompletion);
        return completion is null ? null : new CachedAnswer(
            completion,
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : (decimal)reader.GetDouble(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
    }

    /// <summary>Journal rows that pass <paramref name="filter"/>, oldest first.</summary>
    public IReadOnlyList<HistoryEntry> Query(HistoryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        try
        {
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
        using SqliteConnection connection = Connect();
        using SqliteCommand query = connection.CreateCommand();
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

        if (filter.Profile is { } profile)
        {
            where.Add("profile = $profile COLLATE NOCASE");
            Add(query, "$profile", profile);
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
        var rows = new List<HistoryEntry>();
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read() && (filter.Newest is not { } newest || rows.Count < newest))
        {
            HistoryEntry row = Read(reader);
            if ((model is null || model.IsMatch(row.Model ?? string.Empty))
                && (error is null || error.IsMatch(row.ErrorId ?? string.Empty))
                && (source is null || row.Images.Split("; ").Any(source.IsMatch)))
            {
                rows.Add(row);
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
            return Delete(before);
        }
        catch (SqliteException e)
        {
            throw HistoryDatabase.Unavailable(Path, e);
        }
    }

    private int Delete(DateTimeOffset? before)
    {
        using SqliteConnection connection = Connect();
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

    private SqliteConnection Connect()
    {
        try
        {
            return HistoryDatabase.Open(Path);
        }
        catch (SqliteException e)
        {
            throw HistoryDatabase.Unavailable(Path, e);
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
