namespace VisionPS.TestServer;

/// <summary>Mutable state shared by the endpoints of one server: faults, recorded requests, counters, shutdown token.</summary>
internal sealed class ServerState : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<Fault> _faults = new();
    private readonly List<RequestEntry> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _responseCounter;
    private long _completionCounter;
    private int _framing;
    private int _shutdownAborts;

    public ServerState(TestServerOptions options)
    {
        Options = options;
        ApiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
        Framing = options.Framing;
        _random = options.RandomFaults is { } mix ? new Random(mix.Seed) : null;
    }

    private readonly Random? _random;

    public TestServerOptions Options { get; }

    /// <summary>The accepted key, or null for "any non-empty bearer key".</summary>
    public string? ApiKey { get; }

    public StreamFraming Framing
    {
        get => (StreamFraming)Volatile.Read(ref _framing);
        set => Volatile.Write(ref _framing, (int)value);
    }

    /// <summary>Cancelled when the server starts shutting down; in-flight handlers stop waiting and writing.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Requests whose handler ended because the server was stopping (stalled, trickling, delayed).</summary>
    public int ShutdownAborts => Volatile.Read(ref _shutdownAborts);

    public long NextResponseNumber() => Interlocked.Increment(ref _responseCounter);

    public long NextCompletionNumber() => Interlocked.Increment(ref _completionCounter);

    public void CountShutdownAbort() => Interlocked.Increment(ref _shutdownAborts);

    public void SignalStopping() => _stopping.Cancel();

    public void EnqueueFault(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _faults.Enqueue(fault);
        }
    }

    public Fault? DequeueFault()
    {
        lock (_gate)
        {
            return _faults.TryDequeue(out Fault? fault) ? fault : Options.RandomFaults?.Draw(_random!);
        }
    }

    public int PendingFaults
    {
        get
        {
            lock (_gate)
            {
                return _faults.Count;
            }
        }
    }

    public RequestEntry Record(string body, IReadOnlyDictionary<string, string> headers)
    {
        var entry = new RequestEntry(body, headers);
        lock (_gate)
        {
            _requests.Add(entry);
        }

        return entry;
    }

    public IReadOnlyList<ReceivedRequest> SnapshotRequests()
    {
        lock (_gate)
        {
            return _requests.Select(r => new ReceivedRequest(r.Body, r.Headers, r.Status)).ToArray();
        }
    }

    /// <summary>Forgets faults and recorded requests and restores the configured framing. Counters keep running.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _faults.Clear();
            _requests.Clear();
        }

        Framing = Options.Framing;
    }

    public void Dispose() => _stopping.Dispose();
}

/// <summary>A recorded chat request; its status is filled in once the server decides it.</summary>
internal sealed class RequestEntry(string body, IReadOnlyDictionary<string, string> headers)
{
    private int _status;

    public string Body { get; } = body;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public int Status
    {
        get => Volatile.Read(ref _status);
        set => Volatile.Write(ref _status, value);
    }
}
