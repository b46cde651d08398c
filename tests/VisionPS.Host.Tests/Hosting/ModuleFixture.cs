using VisionPS.TestServer;

namespace VisionPS.Host.Tests.Hosting;

/// <summary>
/// One test server and one working folder for the whole collection: the help examples' folder (a.jpg, b.jpg,
/// photos/*.jpg, …) plus c.png and not-an-image.bin. The provider variables are cleared so nothing can reach a real
/// provider with a key from the environment.
/// </summary>
public sealed class ModuleFixture : IAsyncLifetime
{
    public const string Key = "host-test-key-5c2a91";

    private static readonly string[] ProviderVariables = ["VISIONPS_BASE_URL", "OPENAI_BASE_URL", "VISIONPS_API_KEY", "OPENAI_API_KEY", "VISIONPS_MODEL", "VISIONPS_MODEL_CATALOG"];

    public VisionTestServer Server { get; private set; } = null!;

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "visionps-host-" + Guid.NewGuid().ToString("N"));

    public string BaseUrl => Server.BaseUrl.ToString();

    /// <summary>The server's batch settings; a test may change Processing or WritesUnrunLines and must restore them.</summary>
    public VisionPS.TestServer.Batches.BatchServerOptions BatchOptions { get; } = new();

    /// <summary>Variables for scripts: $BaseUrl, $Key, $Chat (a splat of -BaseUrl -ApiKey -Model gpt-4o).</summary>
    public Dictionary<string, object?> Variables => new()
    {
        ["BaseUrl"] = BaseUrl,
        ["Key"] = Key,
        ["Chat"] = new System.Collections.Hashtable { ["BaseUrl"] = BaseUrl, ["ApiKey"] = Key, ["Model"] = "gpt-4o" },
    };

    public async Task InitializeAsync()
    {
        foreach (string name in ProviderVariables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = Key, Batch = BatchOptions });
        ExampleFolder.LayOut(Work);
        File.Copy(RepoPaths.TestImage("png/rgba_8bit_basn6a08.png"), Path.Combine(Work, "c.png"));
        File.WriteAllText(Path.Combine(Work, "not-an-image.bin"), "hello");
    }

    /// <summary>A new runspace on the working folder.</summary>
    public ModuleShell Shell(System.Management.Automation.Host.PSHost? host = null) => new(Work, host);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Work, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ModuleCollection : ICollectionFixture<ModuleFixture>
{
    public const string Name = "Module";
}
