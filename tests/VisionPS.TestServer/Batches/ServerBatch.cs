using System.Text;

namespace VisionPS.TestServer.Batches;

/// <summary>
/// One batch and its life on the server clock: validating → in_progress (lines finish evenly over
/// <see cref="BatchServerOptions.Processing"/>) → finalizing → completed; or failed (bad input file), expired
/// (the window ends first; finished lines are kept), cancelling → cancelled. State moves lazily, whenever the batch
/// is looked at, to where the clock says it is.
/// </summary>
internal sealed class ServerBatch
{
    private readonly object _gate = new();
    private readonly BatchState _state;
    private readonly List<BatchLine> _lines;
    private readonly List<LineOutcome> _outcomes = [];

    public ServerBatch(BatchState state, string id, string inputFileId, string endpoint, IReadOnlyDictionary<string, string>? metadata, List<BatchLine> lines, List<BatchFileError> errors)
    {
        _state = state;
        _lines = lines;
        Id = id;
        InputFileId = inputFileId;
        Endpoint = endpoint;
        Metadata = metadata;
        FileErrors = errors;
        CreatedAt = state.Clock.GetUtcNow();
        ExpiresAt = CreatedAt + state.Options.CompletionWindow;
        Model = lines.Select(l => l.Body.TryGetProperty("model", out var m) ? m.GetString() : null).FirstOrDefault(m => m is not null);
    }

    public string Id { get; }

    public string InputFileId { get; }

    public string Endpoint { get; }

    public string? Model { get; }

    public IReadOnlyDictionary<string, string>? Metadata { get; }

    public IReadOnlyList<BatchFileError> FileErrors { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public string Status { get; private set; } = "validating";

    public DateTimeOffset? InProgressAt { get; private set; }

    public DateTimeOffset? FinalizingAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    public DateTimeOffset? ExpiredAt { get; private set; }

    public DateTimeOffset? CancellingAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? OutputFileId { get; private set; }

    public string? ErrorFileId { get; private set; }

    public int Total => Status == "failed" || Status == "validating" ? 0 : _lines.Count;

    public int Completed => _outcomes.Count(o => o.Succeeded);

    public int Failed => _outcomes.Count(o => !o.Succeeded);

    /// <summary>Brings the state up to the clock and runs <paramref name="read"/> under the batch's lock.</summary>
    public T Observe<T>(Func<ServerBatch, T> read)
    {
        lock (_gate)
        {
            AdvanceTo(_state.Clock.GetUtcNow());
            return read(this);
        }
    }

    /// <summary>Starts cancelling; false when the batch has already ended.</summary>
    public bool Cancel()
    {
        lock (_gate)
        {
            DateTimeOffset now = _state.Clock.GetUtcNow();
            AdvanceTo(now);
            if (Status is not ("validating" or "in_progress" or "finalizing"))
            {
                return Status == "cancelling";
            }

            Status = "cancelling";
            CancellingAt = now;
            AdvanceTo(now);
            return true;
        }
    }

    private void AdvanceTo(DateTimeOffset now)
    {
        BatchServerOptions o = _state.Options;
        if (Status == "validating")
        {
            DateTimeOffset validated = CreatedAt + o.Validating;
            if (now < validated)
            {
                return;
            }

            if (FileErrors.Count > 0)
            {
                Status = "failed";
                FailedAt = validated;
                return;
            }

            Status = "in_progress";
            InProgressAt = validated;
        }

        if (Status == "in_progress")
        {
            DateTimeOffset until = now < ExpiresAt ? now : ExpiresAt;
            RunLinesUntil(until);
            DateTimeOffset done = InProgressAt!.Value + o.Processing;
            if (_outcomes.Count == _lines.Count && now >= done && done < ExpiresAt)
            {
                Status = "finalizing";
                FinalizingAt = done;
            }
            else if (now >= ExpiresAt)
            {
                Finish("expired", ExpiresAt, "batch_expired", "This request could not be executed before the completion window expired.");
                ExpiredAt = ExpiresAt;
                return;
            }
        }

        if (Status == "finalizing" && now >= FinalizingAt!.Value + o.Finalizing)
        {
            Finish("completed", FinalizingAt.Value + o.Finalizing, null, null);
            CompletedAt = FinalizingAt.Value + o.Finalizing;
        }

        if (Status == "cancelling" && now >= CancellingAt!.Value + o.Cancelling)
        {
            Finish("cancelled", CancellingAt.Value + o.Cancelling, "batch_cancelled", "This request was not executed because the batch was cancelled.");
            CancelledAt = CancellingAt.Value + o.Cancelling;
        }
    }

    private void RunLinesUntil(DateTimeOffset until)
    {
        TimeSpan processing = _state.Options.Processing;
        TimeSpan elapsed = until - InProgressAt!.Value;
        int target = processing <= TimeSpan.Zero || elapsed >= processing
            ? _lines.Count
            : elapsed <= TimeSpan.Zero ? 0 : (int)(_lines.Count * (elapsed.Ticks / (double)processing.Ticks));
        while (_outcomes.Count < target)
        {
            _outcomes.Add(BatchLineRunner.Run(_lines[_outcomes.Count], _outcomes.Count, _state, until));
        }
    }

    // With WritesUnrunLines, lines never run end up in the error file with the reason, so every line ends in exactly
    // one file; without it (the default) they are in neither, and only the batch's status says why.
    private void Finish(string status, DateTimeOffset at, string? unrunCode, string? unrunMessage)
    {
        for (int i = _outcomes.Count; i < _lines.Count && _state.Options.WritesUnrunLines; i++)
        {
            _outcomes.Add(BatchLineRunner.NotRun(_lines[i], i, unrunCode!, unrunMessage!));
        }

        Status = status;
        OutputFileId = WriteFile(_outcomes.Where(o => o.Succeeded), "output", at);
        ErrorFileId = WriteFile(_outcomes.Where(o => !o.Succeeded), "error", at);
    }

    private string? WriteFile(IEnumerable<LineOutcome> outcomes, string kind, DateTimeOffset at)
    {
        var text = new StringBuilder();
        foreach (LineOutcome outcome in outcomes)
        {
            text.Append(outcome.Json).Append('\n');
        }

        if (text.Length == 0)
        {
            return null;
        }

        string id = _state.NextId("file-");
        _state.AddFile(new StoredFile(id, $"{Id}_{kind}.jsonl", "batch_output", at.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(text.ToString())), upload: null);
        return id;
    }
}
