using System.Globalization;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Images.Tiling;

/// <summary>
/// -Tile: <c>auto</c> (split when the model's box would shrink the image below <see cref="TilePlanner.LegibleScale"/>),
/// <c>off</c> (never split), or a count (split into that many tiles whatever the size).
/// </summary>
public sealed record TileSetting
{
    /// <summary>The most tiles one image may become, asked for or automatic.</summary>
    public const int MaxCount = 32;

    private TileSetting(bool automatic, int count)
    {
        IsAuto = automatic;
        Count = count;
    }

    public static TileSetting Off { get; } = new(false, 1);

    public static TileSetting Auto { get; } = new(true, 0);

    /// <summary>True for <c>auto</c>.</summary>
    public bool IsAuto { get; }

    /// <summary>The tiles asked for: 1 for <c>off</c>, 0 for <c>auto</c>.</summary>
    public int Count { get; }

    public bool IsOff => !IsAuto && Count == 1;

    public static TileSetting Exactly(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        return count == 1 ? Off : new TileSetting(false, count);
    }

    /// <summary>Reads -Tile: auto, off, or a whole number 1..<see cref="MaxCount"/> (null or empty: auto).</summary>
    public static TileSetting Parse(string? text)
    {
        string value = (text ?? string.Empty).Trim();
        if (value.Length == 0 || value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return Auto;
        }

        if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return Off;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count is >= 1 and <= MaxCount)
        {
            return Exactly(count);
        }

        throw new VisionArgumentException(
            ErrorIds.InvalidTileSetting,
            $"-Tile '{text}' is not auto, off or a number of tiles from 1 to {MaxCount}.",
            $"Use -Tile auto (split tall or wide documents when the model would shrink them too far), -Tile off, or -Tile 2..{MaxCount}.");
    }

    public override string ToString() => IsAuto ? "auto" : IsOff ? "off" : Count.ToString(CultureInfo.InvariantCulture);
}
