namespace VisionPS.Imaging.Tests.TestSupport;

/// <summary>
/// A fact that needs Debian tools on PATH (img2pdf, gs, ffmpeg, …); without one it is skipped, and the skip reason names
/// the package to install. .ci/run installs them all, so CI runs every such test.
/// </summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        Skip = Missing(tools);
    }

    /// <summary>Why a test needing <paramref name="tools"/> cannot run here; null when all are on PATH.</summary>
    internal static string? Missing(string[] tools)
    {
        string[] missing = tools.Where(t => !OnPath(t)).ToArray();
        return missing.Length == 0 ? null : $"Needs {string.Join(", ", missing)} on PATH (apt-get install {string.Join(' ', missing.Select(PackageOf).Distinct())}).";
    }

    private static string PackageOf(string tool) => tool switch
    {
        "gs" => "ghostscript",
        "pdfimages" or "pdftoppm" or "pdftotext" or "pdfinfo" => "poppler-utils",
        "ffprobe" => "ffmpeg",
        "convert" or "identify" => "imagemagick",
        _ => tool,
    };

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, tool)));
}
