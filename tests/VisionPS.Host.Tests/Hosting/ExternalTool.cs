using System.Diagnostics;

namespace VisionPS.Host.Tests.Hosting;

/// <summary>
/// Runs a Debian tool that makes or reads a test file (ImageMagick, Ghostscript, ffmpeg, heif-enc, poppler) with an
/// argument list, no shell. Tests that use one are <see cref="ToolFactAttribute"/>s, so it is on PATH.
/// </summary>
public static class ExternalTool
{
    /// <summary>The tool's standard output; fails the test with its standard error when it exits with an error.</summary>
    public static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        // Both streams at once: a tool that fills one pipe while we wait on the other would never finish.
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error.Result}");
        return output;
    }
}
