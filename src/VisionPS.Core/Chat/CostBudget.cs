using VisionPS.Core.Diagnostics;
using VisionPS.Core.Tokens;

namespace VisionPS.Core.Chat;

/// <summary>
/// -MaxCost: the estimated cost of a whole run, charged request by request before each is sent. Batch workers charge
/// in parallel, so the running total is kept under a lock; a request that would pass the limit is refused and adds nothing.
/// </summary>
public sealed class CostBudget
{
    private readonly object _gate = new();
    private readonly decimal _limit;
    private readonly int? _maxTokens;
    private decimal _spent;

    /// <param name="limit">The most the run may cost, in the model's catalog currency.</param>
    /// <param name="maxTokens">-MaxTokens: answer tokens counted at the output price on top of each prompt estimate.</param>
    public CostBudget(decimal limit, int? maxTokens)
    {
        _limit = limit;
        _maxTokens = maxTokens;
    }

    /// <summary>The estimated cost charged so far.</summary>
    public decimal Spent
    {
        get
        {
            lock (_gate)
            {
                return _spent;
            }
        }
    }

    /// <summary>Adds the call's cost ceiling to the total, or throws <see cref="CostLimitException"/> and adds nothing.</summary>
    public void Charge(ChatCall call)
    {
        Cost ceiling = CallPreview.CostCeiling(call, _maxTokens) ?? throw new CostLimitException(
            ErrorIds.CostUnknown,
            $"-MaxCost cannot be checked: the model catalog has no price for {call.Request.Model} (or an image's token count is unknown).",
            "Add the model's price to a catalog file named by $env:VISIONPS_MODEL_CATALOG, or leave out -MaxCost.");
        lock (_gate)
        {
            if (_spent + ceiling.Amount > _limit)
            {
                throw new CostLimitException(
                    ErrorIds.CostLimitExceeded,
                    $"Sending this request would bring the estimated cost of this run to {_spent + ceiling.Amount:0.######} {ceiling.Currency}, over -MaxCost {_limit} {ceiling.Currency}; nothing more was sent.",
                    "Raise -MaxCost, send fewer or smaller images (-Detail low, -MaxSize), or set -MaxTokens lower.");
            }

            _spent += ceiling.Amount;
        }
    }
}
