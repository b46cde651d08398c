namespace VisionPS;

/// <summary>What two images' pixels say about each other, without a model (Compare-Image's Measures).</summary>
public sealed record LocalMeasures
{
    /// <summary>True when the decoded pixels are the same (re-encoded losslessly, or metadata stripped, still counts).</summary>
    public required bool Identical { get; init; }

    /// <summary>SHA-256 (hex) of the reference's decoded, upright pixels.</summary>
    public required string ReferencePixelHash { get; init; }

    /// <summary>SHA-256 (hex) of the difference image's decoded, upright pixels.</summary>
    public required string DifferencePixelHash { get; init; }

    /// <summary>Mean SSIM of the luma of both images at 256 px square: 1 = same structure.</summary>
    public required double Ssim { get; init; }

    /// <summary>Bits (of 64) in which the perceptual hashes differ: 0-5 the same picture, above about 20 different ones.</summary>
    public required int PerceptualHashDistance { get; init; }

    /// <summary>Boxes (in reference pixels) where the images differ, largest first; empty when nothing changed.</summary>
    public required IReadOnlyList<ChangeRegion> Changes { get; init; }
}
