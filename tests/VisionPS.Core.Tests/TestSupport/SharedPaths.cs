namespace VisionPS.Core.Tests.TestSupport;

/// <summary>Paths into the shared test data: <c>../shared</c> next to the folder that holds VisionPS.sln.</summary>
public static class SharedPaths
{
    private static readonly Lazy<string> SharedRoot = new(FindRoot);

    public static string Root => SharedRoot.Value;

    public static string TestImages => Path.Combine(Root, "testdata", "images");

    public static string Samples => Path.Combine(Root, "samples");

    public static string Spec => Path.Combine(Root, "spec");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VisionPS.sln")))
            {
                string shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared"));
                return Directory.Exists(shared)
                    ? shared
                    : throw new DirectoryNotFoundException($"Shared test data not found: expected the folder '{shared}' next to '{directory.FullName}', which holds VisionPS.sln.");
            }
        }

        throw new DirectoryNotFoundException($"VisionPS.sln not found in '{AppContext.BaseDirectory}' or any folder above it, so ../shared cannot be located.");
    }
}
