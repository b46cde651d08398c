namespace VisionPS.Host.Tests.Hosting;

/// <summary>A fact that needs Debian tools on PATH (img2pdf, ffmpeg, …); without one it is skipped naming the package.
/// .ci/run installs them all.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        string[] missing = tools.Where(t => !(Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, t)))).ToArray();
        if (missing.Length > 0)
        {
            Skip = $"Needs {string.Join(", ", missing)} on PATH (apt-get install {string.Join(' ', missing.Select(t => t == "gs" ? "ghostscript" : t == "convert" ? "imagemagick" : t).Distinct())}).";
        }
    }
}
