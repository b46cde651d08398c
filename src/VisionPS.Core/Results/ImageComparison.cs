namespace VisionPS;

/// <summary>
/// One compared pair (Compare-Image): both sources, the local measures (null when they could not be computed, e.g.
/// for URLs), and the model's answer (null with -Local).
/// </summary>
public sealed class ImageComparison
{
    /// <summary>The reference image's source: full path, URL, or a description of in-memory data.</summary>
    public required string ReferenceImage { get; init; }

    /// <summary>The difference image's source.</summary>
    public required string DifferenceImage { get; init; }

    /// <summary>Pixel hash, SSIM, perceptual-hash distance and changed regions; null when not computed.</summary>
    public LocalMeasures? Measures { get; init; }

    /// <summary>Why <see cref="Measures"/> is null, when it is.</summary>
    public string? MeasuresNote { get; init; }

    /// <summary>The model's answer with usage, estimate and cost; null with -Local.</summary>
    public ChatResult? Answer { get; init; }

    public bool? Identical => Measures?.Identical;

    public double? Ssim => Measures?.Ssim;

    public int? PerceptualHashDistance => Measures?.PerceptualHashDistance;

    public IReadOnlyList<ChangeRegion> Changes => Measures?.Changes ?? [];

    /// <summary>The model's text; null with -Local.</summary>
    public string? Text => Answer?.Text;

    /// <summary>With -Schema or -AsJson: the parsed answer.</summary>
    public object? Data => Answer?.Data;

    public TokenUsage? Usage => Answer?.Usage;

    public Cost? Cost => Answer?.Cost;

    public string? Model => Answer?.Model;

    public override string ToString() => Text ?? $"{ReferenceImage} vs {DifferenceImage}: SSIM {Ssim?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}";
}
