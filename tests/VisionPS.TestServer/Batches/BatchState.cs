using System.Globalization;

namespace VisionPS.TestServer.Batches;

/// <summary>Files, batches, recorded uploads and batch faults of one server.</summary>
internal sealed class BatchState(BatchServerOptions options, ServerState server)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoredFile> _files = new(StringComparer.Ordinal);
    private readonly List<string> _fileOrder = [];
    private readonly Dictionary<string, ServerBatch> _batches = new(StringComparer.Ordinal);
    private readonly List<string> _batchOrder = [];
    private readonly List<UploadRecord> _uploads = [];
    private readonly Queue<BatchStallPoint> _stalls = new();
    private TaskCompletionSource _stallReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _ids;
    private int _stallsReached;

    public BatchServerOptions Options { get; } = options;

    public ServerState Server { get; } = server;

    public ServerClock Clock { get; } = new(options.Clock ?? TimeProvider.System);

    /// <summary>Every Nth line (1-based, counted per batch) answers 500 in the error file; 0 = none.</summary>
    public int FailEveryNthLine { get; set; }

    public int StallsReached => Volatile.Read(ref _stallsReached);

    public string NextId(string prefix) => prefix + Interlocked.Increment(ref _ids).ToString("x8", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8];

    public void AddFile(StoredFile file, UploadRecord? upload)
    {
        lock (_gate)
        {
            _files[file.Id] = file;
            _fileOrder.Add(file.Id);
            if (upload is not null)
            {
                _uploads.Add(upload);
            }
        }
    }

    public StoredFile? FindFile(string id)
    {
        lock (_gate)
        {
            return _files.GetValueOrDefault(id);
        }
    }

    public bool DeleteFile(string id)
    {
        lock (_gate)
        {
            _fileOrder.Remove(id);
            return _files.Remove(id);
        }
    }

    /// <summary>Newest first, like OpenAI's default order.</summary>
    public IReadOnlyList<StoredFile> ListFiles()
    {
        lock (_gate)
        {
            return _fileOrder.Select(id => _files[id]).Reverse().ToArray();
        }
    }

    public IReadOnlyList<UploadRecord> Uploads
    {
        get
        {
            lock (_gate)
            {
                return _uploads.ToArray();
            }
        }
    }

    public void AddBatch(ServerBatch batch)
    {
        lock (_gate)
        {
            _batches[batch.Id] = batch;
            _batchOrder.Add(batch.Id);
        }
    }

    public ServerBatch? FindBatch(string id)
    {
        lock (_gate)
        {
            return _batches.GetValueOrDefault(id);
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<ServerBatch> ListBatches()
    {
        lock (_gate)
        {
            return _batchOrder.Select(id => _batches[id]).Reverse().ToArray();
        }
    }

    public void EnqueueStall(BatchStallPoint point)
    {
        lock (_gate)
        {
            _stalls.Enqueue(point);
        }
    }

    public int PendingStalls
    {
        get
        {
            lock (_gate)
            {
                return _stalls.Count;
            }
        }
    }

    /// <summary>True (once) when the next queued stall is at <paramref name="point"/>; it is then taken off the queue.</summary>
    public bool TakeStall(BatchStallPoint point)
    {
        lock (_gate)
        {
            if (_stalls.TryPeek(out BatchStallPoint next) && next == point)
            {
                _stalls.Dequeue();
                return true;
            }

            return false;
        }
    }

    /// <summary>Completes when a request reaches a stall (the next one after the previous wait).</summary>
    public Task StallReached
    {
        get
        {
            lock (_gate)
            {
                return _stallReached.Task;
            }
        }
    }

    /// <summary>Holds the request until the client goes away or the server stops.</summary>
    public async Task StallAsync(CancellationToken ct)
    {
        TaskCompletionSource reached;
        lock (_gate)
        {
            reached = _stallReached;
            _stallReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Interlocked.Increment(ref _stallsReached);
        reached.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
    }
}
