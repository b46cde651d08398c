using System.Globalization;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;

namespace VisionPS.Core.Resilience.Retries;

/// <summary>
/// Runs a <see cref="ChatCall"/> through <see cref="ChatRunner"/> and sends it again after transient failures.
/// Each attempt builds its answer from scratch, so the result holds only the answering attempt's text;
/// <c>onRetry</c> is called before every new attempt, so that a consumer of <c>onText</c> can drop or close the partial text.
/// Like <see cref="ChatRunner"/>, the awaits keep the caller's synchronization context.
/// </summary>
public sealed class RetryingChatRunner
{
    private readonly ChatRunner _runner;
    private readonly RetryOptions _options;
    private readonly TimeProvider _time;

    public RetryingChatRunner(ChatRunner runner, RetryOptions? options = null, TimeProvider? time = null)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _options = options ?? new RetryOptions();
        _time = time ?? TimeProvider.System;
    }

    public RetryOptions Options => _options;

    public async Task<ChatResult> RunAsync(ChatCall call, Action<string>? onText, Action<RetryNotice>? onRetry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        int maximumAttempts = _options.MaximumRetryCount + 1;
        var backoff = new RetryBackoff(_options);
        for (int attempt = 1; ; attempt++)
        {
            Exception error;
            try
            {
                ChatResult result = await _runner.RunAsync(call, onText, cancellationToken);
                return attempt == 1 ? result : result.WithAttempts(attempt);
            }
            catch (Exception ex) when (attempt < maximumAttempts && RetryClassifier.IsRetryable(ex, cancellationToken))
            {
                error = ex;
            }

            TimeSpan delay;
            bool fromServer = error is VisionApiException { RetryAfter: not null };
            if (error is VisionApiException { RetryAfter: { } asked } api)
            {
                if (asked > _options.MaximumRetryWait)
                {
                    throw WaitTooLong(api, asked);
                }

                delay = asked;
            }
            else
            {
                delay = backoff.Next(attempt);
            }

            VisionErrorInfo info = ErrorClassifier.Classify(error, null);
            onRetry?.Invoke(new RetryNotice(attempt, maximumAttempts, info.ErrorId, info.Message, delay, fromServer, error));
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>The same error (same type, so the same error id), its message saying why it was not retried.</summary>
    private VisionApiException WaitTooLong(VisionApiException e, TimeSpan asked)
    {
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"{e.Message} Not retried: the server asked to wait {asked.TotalSeconds:0.###} s, longer than the limit of {_options.MaximumRetryWait.TotalSeconds:0.###} s (-MaximumRetryWaitSec).");
        return new VisionApiException(message, e.StatusCode, new ApiErrorBody(e.ServerMessage, e.ErrorType, e.ErrorCode, e.Param), e.RequestId, e.RetryAfter, e.DuringStream);
    }
}
