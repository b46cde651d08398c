using System.Reflection;

namespace VisionPS.Host.Tests.Hosting;

/// <summary>Where the built module, the help pages and the shared test data are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    public static string ModuleManifest => Path.Combine(Root, "out", "VisionPS", "VisionPS.psd1");

    public static string HelpPages => Path.Combine(Root, "docs", "help");

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>A file under ../shared/testdata/images; fails with the expected path when it is missing.</summary>
    public static string TestImage(string relativePath)
    {
        string path = Path.Combine(Shared, "testdata", "images", relativePath);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Shared test image not found: '{path}' (../shared must sit next to the repository).", path);
    }
}
