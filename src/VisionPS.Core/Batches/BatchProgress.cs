namespace VisionPS.Core.Batches;

/// <summary>
/// Counts a batch as it runs (updated from any thread), estimates rate and time left, and throttles how often
/// the caller reports it (Write-Progress is slow when called for every item).
/// </summary>
public sealed class BatchProgress
{
    public static readonly TimeSpan DefaultRateWindow = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultReportInterval = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _rateWindow;
    private readonly TimeSpan _reportInterval;
    private readonly long _start;
    private readonly Queue<long> _recent = new();
    private long _succeeded;
    private long _failed;
    private long _cancelled;
    private int _inFlight;
    private long? _total;
    private long? _lastReport;

    public BatchProgress(TimeProvider? time = null, TimeSpan? rateWindow = null, TimeSpan? reportInterval = null)
    {
        _time = time ?? TimeProvider.System;
        _rateWindow = rateWindow ?? DefaultRateWindow;
        _reportInterval = reportInterval ?? DefaultReportInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_rateWindow, TimeSpan.Zero, nameof(rateWindow));
        if (_reportInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(reportInterval));
        }

        _start = _time.GetTimestamp();
    }

    /// <summary>Number of inputs, once known.</summary>
    public long? Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }

        set
        {
            if (value is < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            lock (_gate)
            {
                _total = value;
            }
        }
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    public void RecordStarted()
    {
        lock (_gate)
        {
            _inFlight++;
        }
    }

    /// <summary>Records an outcome; <paramref name="wasRunning"/> when it had been counted as started.</summary>
    public void RecordFinished<TInput, TOutput>(BatchOutcome<TInput, TOutput> outcome, bool wasRunning)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            if (wasRunning)
            {
                _inFlight--;
            }

            if (outcome.IsCancelled)
            {
                _cancelled++;
                return;
            }

            if (outcome.Failed)
            {
                _failed++;
            }
            else
            {
                _succeeded++;
            }

            long now = _time.GetTimestamp();
            _recent.Enqueue(now);
            Trim(now);
        }
    }

    public BatchProgressSnapshot Snapshot()
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            Trim(now);
            TimeSpan span = _time.GetElapsedTime(_start, now);
            if (span > _rateWindow)
            {
                span = _rateWindow;
            }

            double? rate = span > TimeSpan.Zero ? _recent.Count / span.TotalSeconds : null;
            TimeSpan? remaining = null;
            if (_total is { } total && rate is > 0)
            {
                long left = Math.Max(0, total - _succeeded - _failed - _cancelled);
                remaining = TimeSpan.FromSeconds(left / rate.Value);
            }

            return new BatchProgressSnapshot(_succeeded, _failed, _cancelled, _inFlight, _total, rate, remaining);
        }
    }

    /// <summary>True at most once per report interval (the first call always is).</summary>
    public bool ShouldReport()
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            if (_lastReport is { } last && _time.GetElapsedTime(last, now) < _reportInterval)
            {
                return false;
            }

            _lastReport = now;
            return true;
        }
    }

    private void Trim(long now)
    {
        while (_recent.Count > 0 && _time.GetElapsedTime(_recent.Peek(), now) >= _rateWindow)
        {
            _recent.Dequeue();
        }
    }
}
