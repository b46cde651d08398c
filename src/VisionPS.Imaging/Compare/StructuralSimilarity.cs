namespace VisionPS.Imaging.Compare;

/// <summary>
/// Mean SSIM (Wang et al. 2004) of two luma planes of the same size, computed the way scikit-image's
/// <c>structural_similarity(a, b, data_range=255)</c> does by default: a 7x7 uniform window, sample covariance
/// (N/(N-1)), K1 = 0.01, K2 = 0.03, and the mean over the pixels at least 3 from every edge.
/// </summary>
public static class StructuralSimilarity
{
    public const int WindowSize = 7;
    private const double DataRange = 255;
    private const double C1 = (0.01 * DataRange) * (0.01 * DataRange);
    private const double C2 = (0.03 * DataRange) * (0.03 * DataRange);

    /// <summary>1 for equal planes, lower as structure differs; both planes must be at least 7x7 and the same size.</summary>
    public static double Mean(LumaPlane a, LumaPlane b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"The planes differ in size ({a.Width}x{a.Height} and {b.Width}x{b.Height}).", nameof(b));
        }

        if (a.Width < WindowSize || a.Height < WindowSize)
        {
            throw new ArgumentException($"SSIM needs at least {WindowSize}x{WindowSize} pixels.", nameof(a));
        }

        int w = a.Width;
        int h = a.Height;
        double[] sa = Integral(a.Values, b.Values, w, h, static (x, _) => x);
        double[] sb = Integral(a.Values, b.Values, w, h, static (_, y) => y);
        double[] saa = Integral(a.Values, b.Values, w, h, static (x, _) => x * x);
        double[] sbb = Integral(a.Values, b.Values, w, h, static (_, y) => y * y);
        double[] sab = Integral(a.Values, b.Values, w, h, static (x, y) => x * y);

        const int n = WindowSize * WindowSize;
        const double covNorm = n / (n - 1.0);
        const int pad = WindowSize / 2;
        double total = 0;
        for (int y = pad; y < h - pad; y++)
        {
            for (int x = pad; x < w - pad; x++)
            {
                int x0 = x - pad;
                int y0 = y - pad;
                double ux = Box(sa, w, x0, y0) / n;
                double uy = Box(sb, w, x0, y0) / n;
                double vx = covNorm * ((Box(saa, w, x0, y0) / n) - (ux * ux));
                double vy = covNorm * ((Box(sbb, w, x0, y0) / n) - (uy * uy));
                double vxy = covNorm * ((Box(sab, w, x0, y0) / n) - (ux * uy));
                double numerator = ((2 * ux * uy) + C1) * ((2 * vxy) + C2);
                double denominator = ((ux * ux) + (uy * uy) + C1) * (vx + vy + C2);
                total += numerator / denominator;
            }
        }

        return total / ((double)(w - (2 * pad)) * (h - (2 * pad)));
    }

    // Summed-area table with a zero row and column in front: every window sum costs four reads.
    private static double[] Integral(double[] a, double[] b, int w, int h, Func<double, double, double> f)
    {
        var table = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++)
        {
            double row = 0;
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                row += f(a[i], b[i]);
                table[((y + 1) * (w + 1)) + x + 1] = table[(y * (w + 1)) + x + 1] + row;
            }
        }

        return table;
    }

    private static double Box(double[] table, int w, int x0, int y0)
    {
        int stride = w + 1;
        int x1 = x0 + WindowSize;
        int y1 = y0 + WindowSize;
        return table[(y1 * stride) + x1] - table[(y0 * stride) + x1] - table[(y1 * stride) + x0] + table[(y0 * stride) + x0];
    }
}
