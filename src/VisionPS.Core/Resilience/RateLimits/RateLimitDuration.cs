using System.Globalization;

namespace VisionPS.Core.Resilience.RateLimits;

/// <summary>
/// Reads the reset durations of <c>x-ratelimit-reset-*</c> headers: Go-style strings such as
/// <c>1s</c>, <c>6m0s</c>, <c>20ms</c>, <c>2m59.56s</c>, <c>1h0m0s</c>; a bare number is seconds.
/// </summary>
public static class RateLimitDuration
{
    // Longest unit first, so "ms" is not read as minutes followed by junk.
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("us", 10),
        ("µs", 10),
        ("μs", 10),
        ("ns", 0.01),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
    ];

    /// <summary>The duration, or null when the value is missing, negative or unreadable.</summary>
    public static TimeSpan? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        ReadOnlySpan<char> text = value.AsSpan().Trim();
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double bareSeconds))
        {
            return FromTicks(bareSeconds * TimeSpan.TicksPerSecond);
        }

        double ticks = 0;
        while (!text.IsEmpty)
        {
            int numberLength = 0;
            while (numberLength < text.Length && (char.IsAsciiDigit(text[numberLength]) || text[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0
                || !double.TryParse(text[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
            {
                return null;
            }

            text = text[numberLength..];
            double? unitTicks = null;
            foreach (var (unit, perUnit) in Units)
            {
                if (text.StartsWith(unit, StringComparison.Ordinal))
                {
                    unitTicks = perUnit;
                    text = text[unit.Length..];
                    break;
                }
            }

            if (unitTicks is null)
            {
                return null;
            }

            ticks += number * unitTicks.Value;
        }

        return FromTicks(ticks);
    }

    private static TimeSpan? FromTicks(double ticks) =>
        double.IsFinite(ticks) && ticks >= 0 && ticks < TimeSpan.MaxValue.Ticks
            ? TimeSpan.FromTicks((long)Math.Round(ticks))
            : null;
}
