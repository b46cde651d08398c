using VisionPS.Imaging;
using VisionPS.Imaging.Compare;

namespace VisionPS.Core.Tests.Imaging.Compare;

/// <summary>Local measures on generated pairs with known answers, and against scikit-image and ImageMagick.</summary>
public sealed class ImageComparerTests : IClassFixture<ComparisonPairs>
{
    /// <summary>Our SSIM maths against scikit-image on the same working pixels: only float rounding may differ.</summary>
    private const double SameInputTolerance = 1e-6;

    /// <summary>End to end, ImageMagick decodes and resizes for scikit-image: the two Lanczos resamplers differ a little.</summary>
    private const double EndToEndTolerance = 0.02;

    private static readonly ImageComparer Comparer = new(BuiltInImageEngine.Instance);
    private readonly ComparisonPairs _pairs;

    public ImageComparerTests(ComparisonPairs pairs) => _pairs = pairs;

    public static TheoryData<string, string> AllPairs => new()
    {
        { "base.png", "re-encoded.png" },
        { "base.png", "re-encoded.bmp" },
        { "photo.jpg", "photo-stripped.jpg" },
        { "base.png", "photo.jpg" },
        { "base.png", "shifted.png" },
        { "base.png", "recoloured.png" },
        { "base.png", "object-added.png" },
        { "base.png", "sample:a" },
    };

    [Theory]
    [InlineData("base.png", "base.png")]
    [InlineData("base.png", "re-encoded.png")]
    [InlineData("base.png", "re-encoded.bmp")]
    [InlineData("photo.jpg", "photo-stripped.jpg")]
    public void Compare_SamePixelsDifferentFiles_Identical(string a, string b)
    {
        PixelMeasures m = Measure(a, b);

        Assert.True(m.Identical);
        Assert.Equal(m.ReferencePixelHash, m.DifferencePixelHash);
        Assert.Equal(1.0, m.Ssim);
        Assert.Equal(0, m.PerceptualHashDistance);
        Assert.Empty(m.Changes);
    }

    [Fact]
    public void Compare_LossyReencode_NotIdenticalButNearlySame()
    {
        PixelMeasures m = Measure("base.png", "photo.jpg");

        Assert.False(m.Identical);
        Assert.InRange(m.Ssim, 0.9, 0.9999);
        Assert.InRange(m.PerceptualHashDistance, 0, 4);
        Assert.Empty(m.Changes);
    }

    [Fact]
    public void Compare_ObjectAdded_OneRegionAroundIt()
    {
        PixelMeasures m = Measure("base.png", "object-added.png");
        (int x, int y, int size) = ComparisonPairs.AddedObject;

        PixelRegion region = Assert.Single(m.Changes);
        // The box holds the square, and is at most one working cell (8 px at 256 → 16 px here) larger on each side.
        Assert.InRange(region.X, x - 16, x);
        Assert.InRange(region.Y, y - 16, y);
        Assert.InRange(region.X + region.Width, x + size, x + size + 16);
        Assert.InRange(region.Y + region.Height, y + size, y + size + 16);
        Assert.InRange(m.Ssim, 0.8, 0.99);
    }

    [Fact]
    public void Compare_ShiftedAndRecoloured_LessSimilarThanReencoded()
    {
        double reencoded = Measure("base.png", "photo.jpg").Ssim;
        PixelMeasures shifted = Measure("base.png", "shifted.png");
        PixelMeasures recoloured = Measure("base.png", "recoloured.png");

        Assert.False(shifted.Identical);
        Assert.False(recoloured.Identical);
        Assert.True(shifted.Ssim < reencoded, $"shifted {shifted.Ssim} vs re-encoded {reencoded}");
        Assert.True(recoloured.Ssim < reencoded, $"recoloured {recoloured.Ssim} vs re-encoded {reencoded}");
        Assert.NotEmpty(shifted.Changes);
    }

    [Fact]
    public void Compare_DifferentPhotos_LowSsimFarHash()
    {
        PixelMeasures m = Measure("base.png", "sample:a");

        Assert.False(m.Identical);
        Assert.True(m.Ssim < 0.5, $"SSIM {m.Ssim}");
        Assert.True(m.PerceptualHashDistance >= 20, $"distance {m.PerceptualHashDistance}");
        Assert.NotEmpty(m.Changes);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Ssim_SameWorkingPixels_MatchesScikitImage(string a, string b)
    {
        PixelBuffer wa = Working(Path(a));
        PixelBuffer wb = Working(Path(b));

        double ours = StructuralSimilarity.Mean(LumaPlane.From(wa), LumaPlane.From(wb));
        double reference = ReferenceMeasures.SkimageSsim(wa, wb);

        Assert.True(Math.Abs(ours - reference) <= SameInputTolerance, $"ours {ours:0.0000000000}, scikit-image {reference:0.0000000000}");
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Ssim_EndToEnd_MatchesScikitImageOnImageMagickResize(string a, string b)
    {
        string folder = Directory.CreateTempSubdirectory("visionps-ssim-e2e-").FullName;
        try
        {
            string pa = System.IO.Path.Combine(folder, "a.ppm");
            string pb = System.IO.Path.Combine(folder, "b.ppm");
            File.WriteAllBytes(pa, ReferenceMeasures.MagickWorking(Path(a), ImageComparer.WorkingSize));
            File.WriteAllBytes(pb, ReferenceMeasures.MagickWorking(Path(b), ImageComparer.WorkingSize));
            double reference = ReferenceMeasures.SkimageSsim(pa, pb);

            double ours = Measure(a, b).Ssim;

            Assert.True(Math.Abs(ours - reference) <= EndToEndTolerance, $"ours {ours:0.0000}, scikit-image after ImageMagick {reference:0.0000}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void PerceptualHash_OrdersPairsLikeImageMagick()
    {
        // Near copies, then edits of the same picture, then different photos: both hashes must rank these classes alike.
        (string A, string B)[] ordered = [("base.png", "re-encoded.png"), ("base.png", "photo.jpg"), ("base.png", "object-added.png"), ("base.png", "sample:a")];
        int[] ours = ordered.Select(p => Measure(p.A, p.B).PerceptualHashDistance).ToArray();
        double[] magick = ordered.Select(p => ReferenceMeasures.MagickPhash(Path(p.A), Path(p.B))).ToArray();

        string both = $"ours [{string.Join(", ", ours)}], ImageMagick [{string.Join(", ", magick)}]";
        for (int i = 1; i < ordered.Length; i++)
        {
            Assert.True(ours[i - 1] <= ours[i], both);
            Assert.True(magick[i - 1] <= magick[i], both);
        }

        Assert.True(ours[^1] > ours[^2], both);
        Assert.True(magick[^1] > magick[^2], both);
    }

    private PixelMeasures Measure(string a, string b)
    {
        string pa = Path(a);
        string pb = Path(b);
        return Comparer.Compare(File.ReadAllBytes(pa), pa, File.ReadAllBytes(pb), pb);
    }

    private static PixelBuffer Working(string path)
    {
        PixelBuffer upright = Comparer.Upright(File.ReadAllBytes(path), path);
        return BuiltInImageEngine.Instance.Resize(BuiltInImageEngine.Instance.FlattenAlpha(upright, 255, 255, 255), ImageComparer.WorkingSize, ImageComparer.WorkingSize);
    }

    private string Path(string name) => name switch
    {
        "sample:a" => ComparisonPairs.SampleA,
        "sample:b" => ComparisonPairs.SampleB,
        _ => _pairs[name],
    };
}
