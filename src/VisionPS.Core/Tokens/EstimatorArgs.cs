namespace VisionPS.Core.Tokens;

internal static class EstimatorArgs
{
    public static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
    }

    public static bool Is(string? detail, string level)
        => detail is not null && string.Equals(detail.Trim(), level, StringComparison.OrdinalIgnoreCase);

    public static int CeilDiv(long a, long b) => checked((int)((a + b - 1) / b));

    /// <summary>Scales to fit inside <paramref name="box"/>×<paramref name="box"/>, keeping aspect; never enlarges.</summary>
    /// <remarks>The long side becomes exactly <paramref name="box"/> and the other is truncated to whole pixels.</remarks>
    public static (long Width, long Height) FitInside(long width, long height, long box)
    {
        if (width <= box && height <= box)
        {
            return (width, height);
        }

        return width >= height
            ? (box, Math.Max(1, height * box / width))
            : (Math.Max(1, width * box / height), box);
    }
}
