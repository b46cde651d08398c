namespace VisionPS.Core.Images.Preparation;

/// <summary>
/// The largest image worth sending: a box, an optional cap on the shorter side (OpenAI tiles) and an optional pixel
/// count (Qwen-style and OpenAI patch models). <see cref="Fit"/> never enlarges.
/// </summary>
public sealed record ImageSizeLimits(int MaxWidth, int MaxHeight)
{
    /// <summary>The cap on the shorter side after fitting the box; <see cref="int.MaxValue"/> when there is none.</summary>
    public int MaxShortSide { get; init; } = int.MaxValue;

    /// <summary>The cap on width × height; <see cref="long.MaxValue"/> when there is none.</summary>
    public long MaxPixels { get; init; } = long.MaxValue;

    /// <summary>The size, keeping the aspect ratio, that meets every limit; the size itself when it already does.</summary>
    public (int Width, int Height) Fit(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        double scale = Math.Min(1.0, Math.Min((double)MaxWidth / width, (double)MaxHeight / height));
        scale = Math.Min(scale, (double)MaxShortSide / Math.Min(width, height));
        scale = Math.Min(scale, Math.Sqrt((double)MaxPixels / ((double)width * height)));
        if (scale >= 1.0)
        {
            return (width, height);
        }

        // Floor (with a hair of tolerance for 4000 × 0.128 = 511.99999) so no limit is overshot by rounding.
        return (Scale(width, scale), Scale(height, scale));
    }

    public override string ToString()
    {
        var parts = new List<string> { $"fit {MaxWidth}x{MaxHeight}" };
        if (MaxShortSide != int.MaxValue)
        {
            parts.Add($"shorter side at most {MaxShortSide}");
        }

        if (MaxPixels != long.MaxValue)
        {
            parts.Add($"at most {MaxPixels:N0} pixels");
        }

        return string.Join(", ", parts);
    }

    private static int Scale(int size, double scale) => Math.Max(1, (int)Math.Floor((size * scale) + 1e-6));
}
