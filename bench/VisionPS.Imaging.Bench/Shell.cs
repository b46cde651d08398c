using System.Diagnostics;

namespace VisionPS.Imaging.Bench;

/// <summary>Runs the reference tools through bash, as a user's pipeline would run them.</summary>
internal static class Shell
{
    public static void Run(string script)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("set -o pipefail; " + script);
        using Process process = Process.Start(info)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{script}' failed ({process.ExitCode}): {error}");
        }
    }

    public static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";

    public static bool Has(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));
}
