namespace VisionPS.Imaging.Tests.TestSupport;

/// <summary>A temporary folder for files made by Debian tools during a test; deleted with everything in it.</summary>
public sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "visionps-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>Runs a tool with this folder as the working directory; fails with its stderr.</summary>
    public byte[] Run(string tool, params string[] args)
    {
        return ReferenceTools.Run(tool, args.Select(a => a.Replace("{dir}", Path, StringComparison.Ordinal)).ToArray(), stdin: null);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A tool still holding a file is no reason to fail a test.
        }
    }
}
