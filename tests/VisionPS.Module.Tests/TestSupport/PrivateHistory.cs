using System.Runtime.CompilerServices;

namespace VisionPS.Module.Tests.TestSupport;

/// <summary>
/// Every request VisionPS makes is journalled by default (issue 19): this test process writes its journal to a temp
/// file, never to the user's config folder. Tests that check the journal set their own path.
/// </summary>
internal static class PrivateHistory
{
    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "visionps-tests-" + Environment.ProcessId, "history.db");

    [ModuleInitializer]
    internal static void PointJournalAtTemp()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VISIONPS_HISTORY_PATH")))
        {
            Environment.SetEnvironmentVariable("VISIONPS_HISTORY_PATH", Path);
        }
    }
}
