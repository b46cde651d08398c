namespace VisionPS.Imaging.Compare;

/// <summary>
/// The 64-bit DCT perceptual hash: luma at 32x32, a 2-D DCT-II, the 8x8 lowest frequencies, each bit set where the
/// coefficient is above their median (the DC term excluded from the median, as pHash does). Re-encoding and
/// resizing leave it almost unchanged; different pictures differ in about half of the bits.
/// </summary>
public static class PerceptualHash
{
    public const int InputSize = 32;
    private const int Low = 8;

    /// <summary>The hash of a 32x32 luma plane.</summary>
    public static ulong Compute(LumaPlane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        if (luma.Width != InputSize || luma.Height != InputSize)
        {
            throw new ArgumentException($"The perceptual hash reads a {InputSize}x{InputSize} plane.", nameof(luma));
        }

        var coefficients = new double[Low * Low];
        for (int v = 0; v < Low; v++)
        {
            for (int u = 0; u < Low; u++)
            {
                double sum = 0;
                for (int y = 0; y < InputSize; y++)
                {
                    double cy = Math.Cos((((2 * y) + 1) * v * Math.PI) / (2 * InputSize));
                    for (int x = 0; x < InputSize; x++)
                    {
                        sum += luma[x, y] * cy * Math.Cos((((2 * x) + 1) * u * Math.PI) / (2 * InputSize));
                    }
                }

                coefficients[(v * Low) + u] = sum;
            }
        }

        double[] sorted = coefficients[1..];
        Array.Sort(sorted);
        double median = sorted[sorted.Length / 2]; // 63 values: the middle one
        ulong hash = 0;
        for (int i = 0; i < coefficients.Length; i++)
        {
            if (coefficients[i] > median)
            {
                hash |= 1UL << i;
            }
        }

        return hash;
    }

    /// <summary>The number of bits in which two hashes differ (0 = same picture to the hash, 64 = opposite).</summary>
    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);
}
