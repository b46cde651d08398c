using VisionPS.HelpGen;
using VisionPS.Host.Tests.Contracts;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Help;

/// <summary>
/// Runs every example in docs/help offline, the shared way: in a fresh temp folder holding photo.jpg, a.jpg, b.jpg,
/// scan.png and photos/*.jpg (3 JPEGs), with VISIONPS_BASE_URL, VISIONPS_API_KEY and VISIONPS_MODEL (gpt-4o) set to
/// the test server and VISIONPS_CONFIG_DIR to an empty folder. An example marked &lt;!-- not run: reason --&gt; under its
/// heading is skipped, with the reason.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class HelpExampleTests(ModuleFixture fixture)
{
    private static readonly string[] Variables = ["VISIONPS_BASE_URL", "VISIONPS_API_KEY", "VISIONPS_MODEL", "VISIONPS_CONFIG_DIR"];

    public static TheoryData<string, int> Examples => HelpPages.Examples();

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_RunsOfflineWithoutError(string cmdlet, int number)
    {
        ExampleHelp example = HelpPages.Read(cmdlet).Examples[number - 1];
        Assert.False(string.IsNullOrWhiteSpace(example.Code), $"{cmdlet} example {number} has no ```powershell block");
        if (example.NotRunReason is not null)
        {
            Assert.False(string.IsNullOrWhiteSpace(example.NotRunReason), $"{cmdlet} example {number}: a not-run marker needs a reason");
            return;
        }

        string folder = Path.Combine(Path.GetTempPath(), "visionps-example-" + Guid.NewGuid().ToString("N"));
        string config = folder + "-config";
        try
        {
            ExampleFolder.LayOut(folder);
            Directory.CreateDirectory(config);
            Environment.SetEnvironmentVariable("VISIONPS_BASE_URL", fixture.BaseUrl);
            Environment.SetEnvironmentVariable("VISIONPS_API_KEY", ModuleFixture.Key);
            Environment.SetEnvironmentVariable("VISIONPS_MODEL", "gpt-4o");
            Environment.SetEnvironmentVariable("VISIONPS_CONFIG_DIR", config);
            using var shell = new ModuleShell(folder);

            HostedRun run = shell.Run(example.Code);

            Assert.True(run.Terminating is null, $"{cmdlet} example {number} stopped: {run.Terminating}");
            Assert.True(run.Errors.Count == 0, $"{cmdlet} example {number} wrote errors: {string.Join(" | ", run.Errors)}");
            ContractAssert.NoKey(run);
        }
        finally
        {
            foreach (string name in Variables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            Directory.Delete(folder, recursive: true);
            Directory.Delete(config, recursive: true);
        }
    }
}
