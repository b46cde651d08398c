namespace VisionPS.Imaging.Tests.TestSupport;

/// <summary>Paths into the shared test data: <c>../shared</c> next to the folder that holds VisionPS.sln.</summary>
public static class SharedPaths
{
    private static readonly Lazy<(string Repository, string Shared)> Roots = new(FindRoots);

    /// <summary>The folder holding VisionPS.sln.</summary>
    public static string RepositoryRoot => Roots.Value.Repository;

    public static string Root => Roots.Value.Shared;

    public static string TestImages => Path.Combine(Root, "testdata", "images");

    public static string Samples => Path.Combine(Root, "samples");

    public static string Spec => Path.Combine(Root, "spec");

    /// <summary>A file under testdata/images; fails with the expected path when it is missing.</summary>
    public static string Image(string relativePath)
    {
        string path = Path.Combine(TestImages, relativePath);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Shared test image not found: '{path}'.", path);
    }

    private static (string, string) FindRoots()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VisionPS.sln")))
            {
                string shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared"));
                return Directory.Exists(shared)
                    ? (directory.FullName, shared)
                    : throw new DirectoryNotFoundException($"Shared test data not found: expected the folder '{shared}' next to '{directory.FullName}', which holds VisionPS.sln.");
            }
        }

        throw new DirectoryNotFoundException($"VisionPS.sln not found in '{AppContext.BaseDirectory}' or any folder above it, so ../shared cannot be located.");
    }
}
