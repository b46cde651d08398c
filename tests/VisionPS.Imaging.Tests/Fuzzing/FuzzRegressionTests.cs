using VisionPS.Imaging.Fuzz;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Fuzzing;

/// <summary>
/// Every crash and hang afl-fuzz found (fuzz/run.sh copies them into fuzz/regressions/&lt;target&gt;/) goes back through
/// the same target: it may only return or raise our own <see cref="ImageFormatException"/> types.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        string root = Path.Combine(SharedPaths.RepositoryRoot, "fuzz", "regressions");
        foreach (string folder in Directory.Exists(root) ? Directory.GetDirectories(root).Order() : Enumerable.Empty<string>())
        {
            foreach (string file in Directory.GetFiles(folder).Order())
            {
                data.Add(Path.GetFileName(folder), Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_the_fuzzer_found_raises_only_our_exceptions(string target, string file)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(SharedPaths.RepositoryRoot, "fuzz", "regressions", target, file));
        FuzzTargets.For(target)(data);
    }

    [Fact]
    public void The_regression_corpus_is_there()
    {
        Assert.NotEmpty(Files());
    }
}
