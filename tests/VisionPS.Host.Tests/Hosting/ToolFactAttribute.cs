namespace VisionPS.Host.Tests.Hosting;

/// <summary>A fact that needs Debian tools on PATH (img2pdf, ffmpeg, …); without one it is skipped naming the package.
/// .ci/run installs them all.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        Skip = SkipReason(tools);
    }

    /// <summary>Null when every tool is on PATH, else what to install.</summary>
    internal static string? SkipReason(string[] tools)
    {
        string[] missing = tools.Where(t => !(Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, t)))).ToArray();
        return missing.Length > 0
            ? $"Needs {string.Join(", ", missing)} on PATH (apt-get install {string.Join(' ', missing.Select(t => t == "gs" ? "ghostscript" : t == "convert" ? "imagemagick" : t == "ffprobe" ? "ffmpeg" : t).Distinct())})."
            : null;
    }
}
