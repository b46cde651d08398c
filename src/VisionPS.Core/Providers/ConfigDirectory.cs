namespace VisionPS.Core.Providers;

/// <summary>
/// The per-user config folder: $env:VISIONPS_CONFIG_DIR, else %APPDATA%\VisionPS on Windows,
/// $XDG_CONFIG_HOME/VisionPS or ~/.config/VisionPS elsewhere.
/// </summary>
public static class ConfigDirectory
{
    public const string OverrideVariable = "VISIONPS_CONFIG_DIR";

    public static string Resolve(Func<string, string?> environment)
    {
        if (environment(OverrideVariable) is { Length: > 0 } given)
        {
            return Path.GetFullPath(given);
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "VisionPS");
        }

        string? xdg = environment("XDG_CONFIG_HOME");
        string root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(root, "VisionPS");
    }
}
