namespace VisionPS.Core.Tests.History;

/// <summary>A fresh folder for one test's journal, deleted afterwards.</summary>
internal sealed class HistoryFolder : IDisposable
{
    public HistoryFolder()
    {
        Folder = Path.Combine(Path.GetTempPath(), "visionps-history-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string DbPath => Path.Combine(Folder, "history.db");

    public Func<string, string?> Environment => name => name == Core.History.HistoryLocation.PathVariable ? DbPath : null;

    public void Dispose()
    {
        Core.History.HistoryDatabase.Forget(DbPath);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle on Windows; the temp folder is cleaned by the OS.
        }
    }
}
