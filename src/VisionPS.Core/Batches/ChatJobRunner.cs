using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Resilience.RateLimits;
using VisionPS.Core.Resilience.Retries;

namespace VisionPS.Core.Batches;

/// <summary>
/// One request of a batch: waits for the rate limiter (pre-send estimate), sends with retries, feeds every answer's
/// rate-limit headers back to the limiter, corrects it with the reported usage, and adds retries, tokens and cost
/// to the batch counters.
/// </summary>
public sealed class ChatJobRunner
{
    private readonly RetryingChatRunner _runner;
    private readonly RequestRateLimiter? _limiter;
    private readonly BatchCounters _counters;

    public ChatJobRunner(RetryingChatRunner runner, RequestRateLimiter? limiter, BatchCounters counters)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _limiter = limiter;
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
    }

    public async Task<ChatResult> RunAsync(ChatCall call, Action<string>? onText, Action<RetryNotice>? onRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        RateLease? lease = _limiter is null ? null : await _limiter.AcquireAsync(call.Estimate.PromptTokens ?? 0, cancellationToken).ConfigureAwait(false);
        int retries = 0;
        try
        {
            ChatResult result = await _runner.RunAsync(call, onText, notice => { retries++; Observe(notice.Error); onRetry?.Invoke(notice); }, cancellationToken).ConfigureAwait(false);
            if (result.Response is { } response)
            {
                _limiter?.Observe(response);
            }

            lease?.Complete(result.Usage?.TotalTokens);
            if (result.Usage is { } usage)
            {
                _counters.AddTokens(usage.PromptTokens, usage.CompletionTokens);
            }

            _counters.AddCost(result.Cost?.Amount);
            return result;
        }
        catch (Exception e)
        {
            Observe(e);
            lease?.Complete(null);
            throw;
        }
        finally
        {
            if (retries > 0)
            {
                _counters.AddRetries(retries);
            }
        }
    }

    // A 429's x-ratelimit-* headers matter most: they say when the provider's window reopens.
    private void Observe(Exception error)
    {
        if (error is VisionApiException { Response: { } response })
        {
            _limiter?.Observe(response);
        }
    }
}
