using System.Globalization;

namespace VisionPS;

/// <summary>An amount of money in an ISO 4217 currency.</summary>
public sealed record Cost(decimal Amount, string Currency)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:0.######} {Currency}");
}
