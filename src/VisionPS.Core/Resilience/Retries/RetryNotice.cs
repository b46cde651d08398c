using System.Globalization;

namespace VisionPS.Core.Resilience.Retries;

/// <summary>
/// Told before every retry: which attempt failed, why, and how long the wait is. Text already handed out by the
/// failed attempt is void; the next attempt starts the answer from the beginning.
/// </summary>
/// <param name="Attempt">The attempt that failed (1 = the first send).</param>
/// <param name="MaximumAttempts">The first send plus the allowed retries.</param>
/// <param name="ErrorId">The failure's stable id (as ErrorClassifier gives it).</param>
/// <param name="Message">The failure's message.</param>
/// <param name="Delay">The wait before the next attempt.</param>
/// <param name="DelayFromServer">True when the server asked for this wait (Retry-After).</param>
/// <param name="Error">The failure itself.</param>
public sealed record RetryNotice(int Attempt, int MaximumAttempts, string ErrorId, string Message, TimeSpan Delay, bool DelayFromServer, Exception Error)
{
    public int NextAttempt => Attempt + 1;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Attempt {Attempt} of {MaximumAttempts} failed ({ErrorId}): {Message} Retrying in {Delay.TotalSeconds:0.###} s{(DelayFromServer ? " as the server asked" : string.Empty)}.");
}
