namespace VisionPS.Core.Tests.TestSupport;

/// <summary>
/// Locates the shared, read-only test data next to the repository: walks up from
/// <see cref="AppContext.BaseDirectory"/> to the folder holding VisionPS.sln, then uses its sibling <c>../shared</c>.
/// </summary>
public static class SharedPaths
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The folder that contains VisionPS.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary><c>&lt;repo&gt;/../shared</c>.</summary>
    public static string SharedRoot
    {
        get
        {
            string shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            return Directory.Exists(shared)
                ? shared
                : throw new DirectoryNotFoundException($"Shared test data not found: expected the folder '{shared}' (the sibling 'shared' of the repository root '{RepositoryRoot}').");
        }
    }

    /// <summary><c>shared/testdata/images</c> (see its MANIFEST.tsv).</summary>
    public static string TestImages => Existing(Path.Combine(SharedRoot, "testdata", "images"));

    /// <summary>Full path of a file under <c>shared/testdata/images</c>, e.g. <c>Image("jpeg/baseline_420_227x149.jpg")</c>.</summary>
    public static string Image(string relativePath) => Existing(Path.Combine(TestImages, relativePath));

    private static string Existing(string path)
        => File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Shared test data not found: expected '{path}'.", path);

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VisionPS.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Could not find VisionPS.sln in '{AppContext.BaseDirectory}' or any folder above it, so '<repo>/../shared' cannot be located.");
    }
}
