using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;
using VisionPS.TestServer;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>Tab completion as the console asks for it: TabExpansion2 on a typed line, cursor at its end.</summary>
[Collection(ModuleCollection.Name)]
public sealed class CompletionTests(ModuleFixture fixture) : IDisposable
{
    private readonly ModuleShell _shell = fixture.Shell();

    private IReadOnlyList<string> Complete(string line)
    {
        HostedRun run = _shell.Run("(TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText", new Dictionary<string, object?> { ["Line"] = line });
        ContractAssert.Clean(run);
        return run.Output.Select(o => (string)o.BaseObject).ToList();
    }

    [Fact]
    public void Model_CompletesFromTheCatalog()
    {
        IReadOnlyList<string> matches = Complete("Invoke-VisionChat 'Describe' -Model gpt-4o");

        Assert.Contains("gpt-4o", matches);
        Assert.Contains("gpt-4o-mini", matches);
        Assert.All(matches, m => Assert.StartsWith("gpt-4o", m, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Model_QuotesIdsThatNeedIt_AndWorksOnEveryCmdletThatHasIt()
    {
        Assert.Contains("gpt-4.1-mini", Complete("ConvertTo-ImagePart a.jpg -Model gpt-4.1-m"));
    }

    [Fact]
    public async Task Model_AddsTheListCachedForTheBaseUrlBeingTyped()
    {
        // A server of its own: the cache lives as long as the process, and other tests list the shared server.
        await using VisionTestServer server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = ModuleFixture.Key });
        string line = $"Invoke-VisionChat 'Describe' -BaseUrl {server.BaseUrl} -Model text-";
        Assert.Empty(Complete(line));

        HostedRun listed = _shell.Run($"Get-VisionModel -BaseUrl {server.BaseUrl} -ApiKey $Key | Out-Null", fixture.Variables);
        ContractAssert.Clean(listed);

        Assert.Equal(["text-only-model"], Complete(line));
        Assert.Empty(Complete("Invoke-VisionChat 'Describe' -BaseUrl http://127.0.0.1:9/v1 -Model text-"));
    }

    [Fact]
    public void Model_IgnoresAHalfTypedBaseUrl()
    {
        Assert.Contains("gpt-4o-mini", Complete("Invoke-VisionChat x -BaseUrl ftp:/ -Model gpt-4o-m"));
    }

    [Theory]
    [InlineData("", new[] { "auto", "low", "high", "original" })]
    [InlineData("h", new[] { "high" })]
    [InlineData("L", new[] { "low" })]
    public void Detail_CompletesTheKnownLevels(string typed, string[] expected)
    {
        Assert.Equal(expected.Order(), Complete($"Invoke-VisionChat 'Describe' -Detail {typed}").Order());
        Assert.Equal(expected.Order(), Complete($"ConvertTo-ImagePart a.jpg -Detail {typed}").Order());
    }

    [Fact]
    public void BaseUrl_OffersEveryKnownProviderRoot()
    {
        IReadOnlyList<string> matches = Complete("Invoke-VisionChat 'Describe' -BaseUrl ");

        Assert.Equal(8, matches.Count);
        Assert.Contains("https://api.openai.com/v1", matches);
        Assert.Contains("http://localhost:11434/v1", matches);
    }

    [Theory]
    [InlineData("Invoke-VisionChat 'Describe' -BaseUrl https://api.si", "https://api.siliconflow.cn/v1")]
    [InlineData("Get-VisionModel -BaseUrl Oll", "http://localhost:11434/v1")]
    [InlineData("Get-VisionModel -BaseUrl localhost:1234", "http://localhost:1234/v1")]
    [InlineData("Invoke-VisionChat 'Describe' -Endpoint dash", "https://dashscope.aliyuncs.com/compatible-mode/v1")]
    public void BaseUrl_MatchesByUrlOrProviderName(string line, string expected)
    {
        Assert.Equal([expected], Complete(line));
    }

    public void Dispose() => _shell.Dispose();
}
