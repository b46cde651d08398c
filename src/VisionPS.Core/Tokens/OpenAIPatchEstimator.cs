namespace VisionPS.Core.Tokens;

/// <summary>
/// OpenAI's 32-px patch rule (vision-api-facts §2.2; gpt-4.1-mini/nano, o4-mini, gpt-5-mini/nano, gpt-5.x).
/// patches = ceil(w/32)·ceil(h/32). Over <see cref="Budget"/>: s = sqrt(32²·budget/(w·h)), then
/// s ×= min(floor(w·s/32)/(w·s/32), floor(h·s/32)/(h·s/32)) so one side lands on whole patches. A long side over
/// <see cref="MaxSide"/> also scales down; the smaller of the two scales wins, never enlarging. The resized size is
/// floored to whole pixels, patches are counted again and capped at the budget; billed tokens = patches ×
/// <see cref="Multiplier"/>, rounded up (the doc does not say how it rounds).
/// UNCERTAIN (facts §2.2, §5.2): users measured multipliers of 1.2/1.5 where the doc says 1.62/2.46, a 4000×1474
/// image billed at the cap rather than the formula's 1449, and <c>detail: low</c> having no effect. Here
/// <c>detail</c> is ignored, so low is estimated like high.
/// </summary>
public sealed class OpenAIPatchEstimator : IImageTokenEstimator
{
    public const string RuleName = "openai-patches";
    private const int PatchSide = 32;

    // Keeps w·s landing just under a whole number (928 computed as 927.9999...) from losing a pixel.
    private const double Epsilon = 1e-9;

    /// <param name="budget">Most patches an image may use (1536 for most models; 2500 for gpt-5.4/5.5 high).</param>
    /// <param name="maxSide">Longest side allowed before scaling, in pixels (2048).</param>
    /// <param name="multiplier">Model multiplier on patches (doc: gpt-4.1-mini 1.62, gpt-4.1-nano 2.46, o4-mini 1.72).</param>
    public OpenAIPatchEstimator(int budget = 1536, int maxSide = 2048, double multiplier = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        if (!double.IsFinite(multiplier) || multiplier <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The multiplier must be a positive number.");
        }

        Budget = budget;
        MaxSide = maxSide;
        Multiplier = multiplier;
    }

    public int Budget { get; }

    public int MaxSide { get; }

    public double Multiplier { get; }

    public string Rule => RuleName;

    public ImageTokenEstimate Estimate(int width, int height, string? detail)
    {
        EstimatorArgs.CheckSize(width, height);
        double scale = Math.Min(BudgetScale(width, height), Math.Min(1.0, (double)MaxSide / Math.Max(width, height)));
        long w = width, h = height;
        if (scale < 1.0)
        {
            w = Math.Max(1, (long)Math.Floor((width * scale) + Epsilon));
            h = Math.Max(1, (long)Math.Floor((height * scale) + Epsilon));
        }

        int patches = Math.Min(Budget, PatchCount(w, h));
        int billed = checked((int)Math.Ceiling((decimal)Multiplier * patches));
        return new ImageTokenEstimate(Rule, billed, (int)w, (int)h, Patches: patches);
    }

    private static int PatchCount(long width, long height)
        => checked(EstimatorArgs.CeilDiv(width, PatchSide) * EstimatorArgs.CeilDiv(height, PatchSide));

    private double BudgetScale(int width, int height)
    {
        if (PatchCount(width, height) <= Budget)
        {
            return 1.0;
        }

        double s = Math.Sqrt(PatchSide * PatchSide * (double)Budget / ((double)width * height));
        double wPatches = width * s / PatchSide;
        double hPatches = height * s / PatchSide;
        // At least one patch per side: a side thinner than one patch must not drive the scale to zero.
        return s * Math.Min(WholePatches(wPatches) / wPatches, WholePatches(hPatches) / hPatches);
    }

    private static double WholePatches(double patches) => Math.Max(1, Math.Floor(patches + Epsilon));
}
