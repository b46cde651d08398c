using VisionPS.Core.Providers;

namespace VisionPS.Core.History;

/// <summary>
/// Where the run journal lives: $env:VISIONPS_HISTORY_PATH (a file), else history.db in the per-user config folder
/// (<see cref="ConfigDirectory"/>: the profiles' folder). $env:VISIONPS_NO_JOURNAL=1 turns journal and cache off.
/// </summary>
public static class HistoryLocation
{
    public const string PathVariable = "VISIONPS_HISTORY_PATH";

    public const string OffVariable = "VISIONPS_NO_JOURNAL";

    /// <summary>Past this many MB (default 1024) the journal advises Clear-VisionHistory once per process.</summary>
    public const string AdviseVariable = "VISIONPS_HISTORY_MAX_MB";

    public const string FileName = "history.db";

    /// <summary>The journal's file; null when the environment turns it off.</summary>
    public static string? Resolve(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (IsOff(environment(OffVariable)))
        {
            return null;
        }

        return environment(PathVariable) is { Length: > 0 } given
            ? Path.GetFullPath(given)
            : Path.Combine(ConfigDirectory.Resolve(environment), FileName);
    }

    /// <summary>The size past which the journal advises clearing, in bytes.</summary>
    public static long AdviseAbove(Func<string, string?> environment) =>
        long.TryParse(environment(AdviseVariable), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long mb) && mb > 0
            ? mb * 1024 * 1024
            : 1024L * 1024 * 1024;

    private static bool IsOff(string? value) =>
        value is { Length: > 0 } && !value.Equals("0", StringComparison.Ordinal) && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
}
