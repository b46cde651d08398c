using System.Globalization;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Models;

namespace VisionPS.Core.BatchJobs;

/// <summary>
/// Writes requests into JSONL parts split by <see cref="BatchLimits"/>, and hands each finished part to the provider
/// (upload, then create). Every step is recorded in the job file before it is taken, so running the same command
/// again after a crash picks up where it stopped: inputs already in a part are skipped (nothing is sent twice), a part
/// being written is dropped and written again, and an upload or create that may have reached the server is looked
/// up there before it is repeated. Without a store (-WhatIf) nothing is written or sent; <see cref="Plan"/> shows the split.
/// </summary>
public sealed class BatchSubmitter : IDisposable
{
    private readonly BatchJobStore? _store;
    private readonly BatchApiClient? _api;
    private readonly string _chatEndpoint;
    private readonly BatchLimits _limits;
    private readonly ModelInfo? _model;
    private readonly int? _maxTokens;
    private readonly Action<string> _verbose;
    private readonly Dictionary<string, int> _alreadySubmitted = new(StringComparer.Ordinal);
    private readonly List<BatchPartState> _planned = [];
    private BatchPartState? _current;
    private Stream? _writer;

    /// <param name="store">The job; null for -WhatIf.</param>
    /// <param name="api">The provider; null for -WhatIf.</param>
    /// <param name="chatEndpoint">Each line's url, <see cref="BatchApiClient.ChatEndpointFor"/> of the connection (known also for -WhatIf).</param>
    /// <param name="limits">How to split.</param>
    /// <param name="model">The catalog entry (batch price); null when unknown.</param>
    /// <param name="maxTokens">-MaxTokens, counted at the output price in the cost.</param>
    /// <param name="verbose">Receives a line per step.</param>
    public BatchSubmitter(BatchJobStore? store, BatchApiClient? api, string chatEndpoint, BatchLimits limits, ModelInfo? model, int? maxTokens, Action<string> verbose)
    {
        _store = store;
        _api = api;
        _chatEndpoint = chatEndpoint ?? throw new ArgumentNullException(nameof(chatEndpoint));
        _limits = limits;
        _model = model;
        _maxTokens = maxTokens;
        _verbose = verbose;
        if (store is not null)
        {
            DropUnfinishedParts(store);
            foreach (BatchPartState part in store.State.Parts)
            {
                for (int i = part.FirstIndex; i < part.FirstIndex + part.Count; i++)
                {
                    string source = store.State.Source(i);
                    _alreadySubmitted[source] = _alreadySubmitted.GetValueOrDefault(source) + 1;
                }
            }
        }
    }

    private BatchJobState? State => _store?.State;

    /// <summary>The split so far (for -WhatIf: every part; for a real run: this run's parts).</summary>
    public IReadOnlyList<BatchPlanPart> Plan => _planned.Select(ToPlan).ToArray();

    /// <summary>Inputs skipped because an earlier run already put them in a batch.</summary>
    public int Skipped { get; private set; }

    /// <summary>
    /// True when an earlier run of this job already put an input with this source in a part: skip it. Each earlier
    /// occurrence is claimed once, so an image given twice is still sent twice.
    /// </summary>
    public bool ClaimAlreadySubmitted(string source)
    {
        if (_alreadySubmitted.TryGetValue(source, out int count) && count > 0)
        {
            _alreadySubmitted[source] = count - 1;
            Skipped++;
            return true;
        }

        return false;
    }

    /// <summary>Finishes what a crashed run left between writing and creating (parts complete on disk).</summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        if (_store is null)
        {
            return;
        }

        foreach (BatchPartState part in _store.State.Parts.Where(p => p.Stage != BatchPartStage.Created).ToArray())
        {
            _verbose($"Resuming batch {part.Number} ({part.Count:N0} requests) from stage {part.Stage}.");
            await SendAsync(part, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Adds one request; when it does not fit the current part, that part is closed and sent first.</summary>
    public async Task AddAsync(ChatCall call, string source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        int index = State?.Sources.Count ?? _planned.Sum(p => p.Count);
        string customId = State?.CustomId(index) ?? $"whatif-{index}";
        byte[] line = BatchLineEncoder.Encode(customId, call.Request, _chatEndpoint);
        long? tokens = call.Estimate.PromptTokens;
        if (line.Length > _limits.MaxBytes)
        {
            throw new BatchJobException(
                ErrorIds.BatchRequestTooLarge,
                $"The request for {source} takes {line.Length:N0} bytes, more than a whole batch input file may ({_limits.MaxBytes:N0}).",
                "Send the image smaller (-MaxBytes, -MaxSize, -Detail low), or send it with Invoke-VisionChat.");
        }

        if (_current is not null && !Fits(_current, line.Length, tokens))
        {
            await CloseAndSendAsync(ct).ConfigureAwait(false);
        }

        if (State is { Sources.Count: 0, SourceRoot.Length: 0 } first && Path.IsPathRooted(source) && Path.GetDirectoryName(source) is { } folder)
        {
            first.SourceRoot = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        }

        _current ??= StartPart(index);
        _writer!.Write(line);
        _current.Count++;
        _current.Bytes += line.Length;
        _current.EstimatedTokens = _current.EstimatedTokens is { } sum && tokens is { } t ? sum + t : null;
        State?.Sources.Add(Relative(source));
    }

    /// <summary>Closes and sends the last part.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        if (_current is not null)
        {
            await CloseAndSendAsync(ct).ConfigureAwait(false);
        }
    }

    private bool Fits(BatchPartState part, int lineBytes, long? tokens) =>
        part.Count + 1 <= _limits.MaxRequests
        && part.Bytes + lineBytes <= _limits.MaxBytes
        && (_limits.MaxEnqueuedTokens is not { } max || part.EstimatedTokens is not { } sum || tokens is not { } t || sum + t <= max);

    private BatchPartState StartPart(int firstIndex)
    {
        int number = (State?.Parts.Count ?? _planned.Count) + 1;
        var part = new BatchPartState
        {
            Number = number,
            FirstIndex = firstIndex,
            EstimatedTokens = 0,
            Stage = BatchPartStage.Writing,
            FileName = string.Create(CultureInfo.InvariantCulture, $"visionps-{State?.JobId ?? "whatif"}-{number:D4}.jsonl"),
        };
        _planned.Add(part);
        if (_store is null)
        {
            _writer = Stream.Null;
            return part;
        }

        _store.State.Parts.Add(part);
        _store.Save();
        _writer = new FileStream(_store.PartPath(part), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        return part;
    }

    private async Task CloseAndSendAsync(CancellationToken ct)
    {
        BatchPartState part = _current!;
        _current = null;
        await _writer!.FlushAsync(ct).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        if (_store is null)
        {
            return;
        }

        part.Stage = BatchPartStage.Written;
        _store.Save();
        _verbose(ToPlan(part).ToString() + " written.");
        await SendAsync(part, ct).ConfigureAwait(false);
    }

    /// <summary>Parts complete on disk but held back by the model's enqueued-token limit; the same command run later sends them.</summary>
    public int Waiting => _store?.State.Parts.Count(p => p.Stage == BatchPartStage.Written) ?? 0;

    private async Task SendAsync(BatchPartState part, CancellationToken ct)
    {
        BatchJobStore store = _store!;
        BatchApiClient api = _api!;
        if (part.Stage == BatchPartStage.Written && await EnqueuedTokensAsync(ct).ConfigureAwait(false) is { } enqueued
            && enqueued + (part.EstimatedTokens ?? 0) > _limits.MaxEnqueuedTokens)
        {
            _verbose($"Batch {part.Number} waits: {enqueued:N0} tokens are already enqueued for {store.State.Model}, and {part.EstimatedTokens:N0} more would pass the limit of {_limits.MaxEnqueuedTokens:N0}. Run the same command again once earlier batches have finished.");
            return;
        }

        if (part.Stage is BatchPartStage.Written or BatchPartStage.Uploading)
        {
            BatchFileObject? found = part.Stage == BatchPartStage.Uploading ? await FindUploadAsync(part, ct).ConfigureAwait(false) : null;
            if (found is null)
            {
                part.Stage = BatchPartStage.Uploading;
                store.Save();
                _verbose($"Uploading batch {part.Number}: {part.FileName}, {part.Bytes:N0} bytes.");
                found = await api.UploadAsync(store.PartPath(part), part.FileName, ct).ConfigureAwait(false);
            }
            else
            {
                _verbose($"Batch {part.Number}: the server already has {part.FileName} as {found.Id}; not uploading it again.");
            }

            part.FileId = found.Id;
            part.Stage = BatchPartStage.Uploaded;
            store.Save();
        }

        if (part.Stage is BatchPartStage.Uploaded or BatchPartStage.Creating)
        {
            BatchObject? batch = part.Stage == BatchPartStage.Creating ? await FindBatchAsync(part, ct).ConfigureAwait(false) : null;
            if (batch is null)
            {
                part.Stage = BatchPartStage.Creating;
                store.Save();
                var metadata = new Dictionary<string, string>
                {
                    ["visionps_job"] = store.State.JobId,
                    ["visionps_part"] = part.Number.ToString(CultureInfo.InvariantCulture),
                };
                batch = await api.CreateBatchAsync(part.FileId!, metadata, ct).ConfigureAwait(false);
                _verbose($"Batch {part.Number} created: {batch.Id} ({batch.Status}).");
            }
            else
            {
                _verbose($"Batch {part.Number}: the server already has {batch.Id} for {part.FileId}; not creating it again.");
            }

            part.BatchId = batch.Id;
            part.Status = batch.Status;
            part.Stage = BatchPartStage.Created;
            store.Save();
        }
    }

    // The estimated tokens of this job's batches still running (their status asked afresh); null without a limit.
    private async Task<long?> EnqueuedTokensAsync(CancellationToken ct)
    {
        if (_limits.MaxEnqueuedTokens is null)
        {
            return null;
        }

        long enqueued = 0;
        foreach (BatchPartState running in _store!.State.Parts.Where(p => p.Stage == BatchPartStage.Created && !BatchReceiver.FinalStatuses.Contains(p.Status)))
        {
            running.Status = (await _api!.GetBatchAsync(running.BatchId!, ct).ConfigureAwait(false)).Status;
            if (!BatchReceiver.FinalStatuses.Contains(running.Status))
            {
                enqueued += running.EstimatedTokens ?? 0;
            }
        }

        return enqueued;
    }

    private async Task<BatchFileObject?> FindUploadAsync(BatchPartState part, CancellationToken ct)
    {
        long bytes = new FileInfo(_store!.PartPath(part)).Length;
        IReadOnlyList<BatchFileObject> files = await _api!.ListBatchFilesAsync(ct).ConfigureAwait(false);
        return files.FirstOrDefault(f => f.Filename == part.FileName && f.Bytes == bytes);
    }

    // Batches are listed newest first; a crashed create is among the latest.
    private async Task<BatchObject?> FindBatchAsync(BatchPartState part, CancellationToken ct)
    {
        await foreach (BatchObject batch in _api!.ListBatchesAsync(1000, ct).ConfigureAwait(false))
        {
            if (batch.InputFileId == part.FileId)
            {
                return batch;
            }
        }

        return null;
    }

    // A part cut off while being written holds inputs nobody sent: forget it; its inputs come again with the rerun.
    private static void DropUnfinishedParts(BatchJobStore store)
    {
        BatchPartState? unfinished = store.State.Parts.FirstOrDefault(p => p.Stage == BatchPartStage.Writing);
        if (unfinished is null)
        {
            return;
        }

        store.State.Parts.RemoveAll(p => p.Stage == BatchPartStage.Writing);
        if (store.State.Sources.Count > unfinished.FirstIndex)
        {
            store.State.Sources.RemoveRange(unfinished.FirstIndex, store.State.Sources.Count - unfinished.FirstIndex);
        }

        File.Delete(store.PartPath(unfinished));
        store.Save();
    }

    private string Relative(string source) =>
        State is { SourceRoot.Length: > 0 } s && source.StartsWith(s.SourceRoot, StringComparison.Ordinal) ? source[s.SourceRoot.Length..] : source;

    private BatchPlanPart ToPlan(BatchPartState part)
    {
        Cost? cost = _model?.BatchPrice is { } price && part.EstimatedTokens is { } tokens
            ? new Cost(price.Cost(tokens, (long)(_maxTokens ?? 0) * part.Count), price.Currency)
            : null;
        return new BatchPlanPart(part.Number, part.Count, part.Bytes, part.EstimatedTokens, cost);
    }

    public void Dispose() => _writer?.Dispose();
}
