namespace VisionPS.Core.Batches;

/// <summary>Totals that the work adds to from any thread while the batch runs.</summary>
public sealed class BatchCounters
{
    private readonly object _costGate = new();
    private long _retries;
    private long _promptTokens;
    private long _completionTokens;
    private decimal _cost;
    private long _costUnknown;
    private long _costKnown;

    public long Retries => Interlocked.Read(ref _retries);

    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    public long CompletionTokens => Interlocked.Read(ref _completionTokens);

    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Sum of the known costs; a lower bound when <see cref="CostUnknownCount"/> is not zero.</summary>
    public decimal Cost
    {
        get
        {
            lock (_costGate)
            {
                return _cost;
            }
        }
    }

    /// <summary>Items whose cost is included in <see cref="Cost"/>.</summary>
    public long CostKnownCount => Interlocked.Read(ref _costKnown);

    /// <summary>Items whose cost could not be priced.</summary>
    public long CostUnknownCount => Interlocked.Read(ref _costUnknown);

    public void AddRetries(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref _retries, count);
    }

    public void AddTokens(long prompt, long completion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(completion);
        Interlocked.Add(ref _promptTokens, prompt);
        Interlocked.Add(ref _completionTokens, completion);
    }

    /// <summary>Adds one item's cost; null when it is not known.</summary>
    public void AddCost(decimal? cost)
    {
        if (cost is not { } value)
        {
            Interlocked.Increment(ref _costUnknown);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(cost));
        lock (_costGate)
        {
            _cost += value;
        }

        Interlocked.Increment(ref _costKnown);
    }
}
