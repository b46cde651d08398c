namespace VisionPS.Core.Batches;

/// <summary>
/// Runs work for a stream of inputs with at most N items in flight, while the caller stays on its own thread
/// (PowerShell's pipeline thread, the only one allowed to write output). The caller posts each input as it arrives
/// and writes the outcomes handed back; between them it blocks here, never inside the work.
/// <code>
/// foreach (var outcome in runner.PostAndDrain(input)) Write(outcome);   // ProcessRecord
/// foreach (var outcome in runner.Complete()) Write(outcome);            // EndProcessing
/// runner.Cancel();                                                     // StopProcessing, any thread
/// </code>
/// Every posted input yields exactly one outcome. Memory is bounded: at most N running, a queue of
/// <see cref="BatchRunnerOptions.QueueLimit"/> waiting, and with <see cref="BatchRunnerOptions.PreserveOrder"/>
/// at most N + <see cref="BatchRunnerOptions.ReorderWindow"/> outcomes held back for order.
/// </summary>
public sealed class BatchRunner<TInput, TOutput> : IDisposable
{
    private readonly object _gate = new();
    private readonly Func<TInput, CancellationToken, Task<TOutput>> _work;
    private readonly Func<Exception, bool>? _isFatal;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly int _maxConcurrency;
    private readonly int _queueLimit;
    private readonly int _reorderWindow;
    private readonly bool _preserveOrder;
    private readonly long _start;

    private readonly Queue<(long Index, TInput Input)> _waiting = new();
    private readonly Queue<BatchOutcome<TInput, TOutput>> _ready = new();

    // PreserveOrder only: finished outcomes by index until all before them are released. A null value marks an
    // index already released out of turn (the fatal outcome).
    private readonly Dictionary<long, BatchOutcome<TInput, TOutput>?> _held = new();
    private long _nextInOrder;

    private long _posted;
    private int _running;
    private int _pendingPosts;
    private bool _completing;
    private bool _stopping;
    private bool _disposed;
    private BatchOutcome<TInput, TOutput>? _fatal;

    public BatchRunner(Func<TInput, CancellationToken, Task<TOutput>> work, BatchRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        options ??= new BatchRunnerOptions();
        options.Validate();
        _work = work;
        _isFatal = options.IsFatal;
        _time = options.TimeProvider ?? TimeProvider.System;
        _maxConcurrency = options.MaxConcurrency;
        _queueLimit = options.QueueLimit ?? options.MaxConcurrency;
        _reorderWindow = options.ReorderWindow ?? options.MaxConcurrency;
        _preserveOrder = options.PreserveOrder;
        Counters = options.Counters ?? new BatchCounters();
        Progress = new BatchProgress(_time);
        _start = _time.GetTimestamp();
    }

    public BatchCounters Counters { get; }

    /// <summary>Counts as work finishes (not as outcomes are taken); set <see cref="BatchProgress.Total"/> when known.</summary>
    public BatchProgress Progress { get; }

    /// <summary>The batch is stopping: <see cref="Cancel"/> was called or a fatal error occurred.</summary>
    public bool IsStopping
    {
        get
        {
            lock (_gate)
            {
                return _stopping;
            }
        }
    }

    /// <summary>The failure that stopped the batch, if one did.</summary>
    public BatchOutcome<TInput, TOutput>? FatalOutcome
    {
        get
        {
            lock (_gate)
            {
                return _fatal;
            }
        }
    }

    public long PostedCount => Interlocked.Read(ref _posted);

    public int RunningCount
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Raised, under the runner's lock, just before the caller's thread blocks. For tests.</summary>
    internal event Action? CallerBlocking;

    /// <summary>Raised, under the runner's lock, once a finished item is recorded and the next ones started. For tests.</summary>
    internal event Action<BatchOutcome<TInput, TOutput>>? ItemFinished;

    /// <summary>
    /// Posts <paramref name="input"/> and yields outcomes that are ready, first any that finish while waiting for room.
    /// The input is posted while the result is enumerated: always enumerate it to the end.
    /// After a stop the input is not started; its outcome is a cancelled one.
    /// </summary>
    public IEnumerable<BatchOutcome<TInput, TOutput>> PostAndDrain(TInput input)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _pendingPosts++;
        }

        return PostAndDrainCore(input);
    }

    /// <summary>Posts <paramref name="input"/> if there is room now (or the batch is stopping); false when full.</summary>
    public bool TryPost(TInput input)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            return TryPostLocked(input);
        }
    }

    /// <summary>The outcomes ready now, without waiting.</summary>
    public IReadOnlyList<BatchOutcome<TInput, TOutput>> TakeCompleted()
    {
        lock (_gate)
        {
            return TakeReadyLocked();
        }
    }

    /// <summary>
    /// Ends posting and yields the remaining outcomes as they become ready, blocking between them.
    /// When it returns, no work is running. If enumeration is abandoned, the rest is cancelled and awaited.
    /// </summary>
    public IEnumerable<BatchOutcome<TInput, TOutput>> Complete()
    {
        lock (_gate)
        {
            if (_pendingPosts > 0)
            {
                throw new InvalidOperationException("A PostAndDrain result was not enumerated, so its input was never posted.");
            }

            ThrowIfClosed();
            _completing = true;
        }

        return CompleteCore();
    }

    /// <summary>Stops the batch: cancels running work, starts nothing more. Safe from any thread.</summary>
    public void Cancel() => Stop();

    /// <summary>Cancels whatever is left and waits until no work is running.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Stop();
        lock (_gate)
        {
            while (_running > 0)
            {
                Monitor.Wait(_gate);
            }
        }

        // _stop is not disposed: it has no timer, and Cancel may still arrive from StopProcessing on another thread.
    }

    public BatchSummary GetSummary() => BatchSummary.Create(Progress.Snapshot(), Counters, _time.GetElapsedTime(_start));

    private IEnumerable<BatchOutcome<TInput, TOutput>> PostAndDrainCore(TInput input)
    {
        bool posted = false;
        try
        {
            bool PostedLocked()
            {
                if (!posted && TryPostLocked(input))
                {
                    posted = true;
                    _pendingPosts--;
                }

                return posted;
            }

            foreach (var outcome in Drain(PostedLocked))
            {
                yield return outcome;
            }
        }
        finally
        {
            if (!posted)
            {
                lock (_gate)
                {
                    _pendingPosts--;
                }
            }
        }
    }

    private IEnumerable<BatchOutcome<TInput, TOutput>> CompleteCore()
    {
        bool finished = false;
        try
        {
            foreach (var outcome in Drain(() => _running == 0 && _waiting.Count == 0))
            {
                yield return outcome;
            }

            finished = true;
        }
        finally
        {
            if (!finished)
            {
                Stop();
                lock (_gate)
                {
                    while (_running > 0)
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Yields ready outcomes (taken under the gate, yielded outside it) until <paramref name="doneLocked"/>, evaluated
    /// under the gate, holds with nothing left to yield; in between, the caller's thread waits for the next completion.
    /// </summary>
    private IEnumerable<BatchOutcome<TInput, TOutput>> Drain(Func<bool> doneLocked)
    {
        while (true)
        {
            IReadOnlyList<BatchOutcome<TInput, TOutput>> ready;
            lock (_gate)
            {
                bool done = doneLocked();
                ready = TakeReadyLocked();
                if (ready.Count == 0)
                {
                    if (done)
                    {
                        yield break;
                    }

                    CallerBlocking?.Invoke();
                    Monitor.Wait(_gate);
                    continue;
                }
            }

            foreach (var outcome in ready)
            {
                yield return outcome;
            }
        }
    }

    private bool TryPostLocked(TInput input)
    {
        long index = _posted;
        if (_stopping)
        {
            Interlocked.Increment(ref _posted);
            RecordLocked(NotStarted(index, input), wasRunning: false);
            return true;
        }

        bool hasRoom = _waiting.Count < _queueLimit || (_waiting.Count == 0 && CanStartLocked(index));
        if (!hasRoom)
        {
            return false;
        }

        Interlocked.Increment(ref _posted);
        _waiting.Enqueue((index, input));
        StartWaitingLocked();
        return true;
    }

    private bool CanStartLocked(long index) =>
        _running < _maxConcurrency && (!_preserveOrder || index < _nextInOrder + _maxConcurrency + _reorderWindow);

    private void StartWaitingLocked()
    {
        while (_waiting.Count > 0 && !_stopping && CanStartLocked(_waiting.Peek().Index))
        {
            var (index, input) = _waiting.Dequeue();
            StartLocked(index, input);
        }
    }

    private void StartLocked(long index, TInput input)
    {
        _running++;
        Progress.RecordStarted();
        long started = _time.GetTimestamp();
        CancellationToken token = _stop.Token;

        // Task.Run keeps the work's synchronous part off the caller's thread and outside this lock.
        Task<TOutput> task = Task.Run(() => _work(input, token), CancellationToken.None);
        task.ContinueWith(
            t => Finish(t, index, input, started),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Finish(Task<TOutput> task, long index, TInput input, long started)
    {
        TimeSpan elapsed = _time.GetElapsedTime(started);
        TOutput? output = default;
        Exception? error = null;
        try
        {
            output = task.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            error = e;
        }

        bool fatalKind = error is not null && IsFatal(error);
        bool stopNow;
        BatchOutcome<TInput, TOutput> outcome;
        lock (_gate)
        {
            _running--;

            // Any failure once the stop was requested is put down to the stop: a cancelled request may surface
            // as an I/O or HTTP error rather than as OperationCanceledException.
            bool cancelled = error is not null && _stopping;
            bool fatal = fatalKind && !cancelled;
            outcome = new BatchOutcome<TInput, TOutput>(index, input, output, error, elapsed, cancelled, fatal);
            RecordLocked(outcome, wasRunning: true);
            stopNow = fatal;
            if (fatal)
            {
                _fatal = outcome;
                StopLocked();
            }

            StartWaitingLocked();
            Monitor.PulseAll(_gate);
            ItemFinished?.Invoke(outcome);
        }

        if (stopNow)
        {
            _stop.Cancel();
        }
    }

    private bool IsFatal(Exception error)
    {
        try
        {
            return _isFatal?.Invoke(error) ?? false;
        }
        catch (Exception)
        {
            // A faulty predicate must not lose the outcome; the error is then reported as an ordinary failure.
            return false;
        }
    }

    private void Stop()
    {
        lock (_gate)
        {
            StopLocked();
            Monitor.PulseAll(_gate);
        }

        // Outside the lock: token registrations may complete work inline, and its Finish takes the lock.
        _stop.Cancel();
    }

    private void StopLocked()
    {
        _stopping = true;
        while (_waiting.Count > 0)
        {
            var (index, input) = _waiting.Dequeue();
            RecordLocked(NotStarted(index, input), wasRunning: false);
        }
    }

    private BatchOutcome<TInput, TOutput> NotStarted(long index, TInput input) =>
        new(index, input, default, new OperationCanceledException(_stop.Token), TimeSpan.Zero, IsCancelled: true);

    private void RecordLocked(BatchOutcome<TInput, TOutput> outcome, bool wasRunning)
    {
        Progress.RecordFinished(outcome, wasRunning);
        if (!_preserveOrder)
        {
            if (outcome.IsFatal)
            {
                EnqueueFirstLocked(outcome);
            }
            else
            {
                _ready.Enqueue(outcome);
            }

            return;
        }

        if (outcome.IsFatal)
        {
            _held[outcome.Index] = null;
            EnqueueFirstLocked(outcome);
        }
        else
        {
            _held[outcome.Index] = outcome;
        }

        while (_held.Remove(_nextInOrder, out var next))
        {
            _nextInOrder++;
            if (next is not null)
            {
                _ready.Enqueue(next);
            }
        }
    }

    // The fatal outcome goes ahead of everything not yet taken (and of the order), so the caller learns at once why
    // the batch stops.
    private void EnqueueFirstLocked(BatchOutcome<TInput, TOutput> outcome)
    {
        var rest = _ready.ToArray();
        _ready.Clear();
        _ready.Enqueue(outcome);
        foreach (var r in rest)
        {
            _ready.Enqueue(r);
        }
    }

    private List<BatchOutcome<TInput, TOutput>> TakeReadyLocked()
    {
        var ready = new List<BatchOutcome<TInput, TOutput>>(_ready.Count);
        while (_ready.Count > 0)
        {
            ready.Add(_ready.Dequeue());
        }

        return ready;
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completing)
        {
            throw new InvalidOperationException("The batch was completed; nothing more can be posted.");
        }
    }
}
