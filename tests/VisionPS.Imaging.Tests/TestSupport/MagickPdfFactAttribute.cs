namespace VisionPS.Imaging.Tests.TestSupport;

/// <summary>
/// A fact that needs ImageMagick to write PDF. Debian's ImageMagick 6 ships a security policy that forbids it; .ci/run
/// lifts that line on the CI machine, and elsewhere the test is skipped with the reason.
/// </summary>
public sealed class MagickPdfFactAttribute : FactAttribute
{
    private const string Policy = "/etc/ImageMagick-6/policy.xml";

    public MagickPdfFactAttribute()
    {
        bool onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "convert")));
        if (!onPath)
        {
            Skip = "Needs ImageMagick's convert and poppler's pdfimages (apt-get install imagemagick poppler-utils).";
        }
        else if (File.Exists(Policy) && File.ReadAllLines(Policy).Any(l => l.Contains("pattern=\"PDF\"", StringComparison.Ordinal) && l.Contains("rights=\"none\"", StringComparison.Ordinal) && !l.TrimStart().StartsWith("<!--", StringComparison.Ordinal)))
        {
            Skip = $"ImageMagick's security policy ({Policy}) forbids writing PDF; .ci/run removes that line on CI.";
        }
    }
}
