namespace VisionPS.Core.History;

/// <summary>The journal file cannot be used: damaged, not a VisionPS history, or unreadable.</summary>
public sealed class HistoryUnavailableException : Exception
{
    public HistoryUnavailableException(string path, string reason, Exception? inner = null)
        : base($"The VisionPS history at {path} cannot be used: {reason}", inner)
    {
        Path = path;
    }

    public string Path { get; }

    public const string Advice = "Move or delete the file (VisionPS starts a new one), set $env:VISIONPS_HISTORY_PATH to another file, or turn the journal off with $env:VISIONPS_NO_JOURNAL = 1.";
}
