using System.Management.Automation;
using System.Text.Json;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>-Tile through the real module: a 1,000 x 8,000 receipt as labelled tiles in one request, off as before, bad values refused while binding.</summary>
[Collection(ModuleCollection.Name)]
public sealed class TileTests(ModuleFixture fixture) : IDisposable
{
    private readonly ModuleShell _shell = fixture.Shell();

    private HostedRun Run(string script) => _shell.Run(script, fixture.Variables);

    private string Receipt()
    {
        string path = Path.Combine(fixture.Work, "receipt.png");
        if (!File.Exists(path))
        {
            ExternalTool.Run("convert", "-size", "1000x8000", "pattern:horizontal3", "-depth", "8", "PNG24:" + path);
        }

        return path;
    }

    [Fact]
    public void A_tall_receipt_is_one_request_of_labelled_tiles()
    {
        Receipt();

        HostedRun run = Run("Invoke-VisionChat 'What is the total?' -Image receipt.png -Model gpt-4o -Detail high -BaseUrl https://api.openai.com/v1 -RequestBodyOnly");

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        using JsonDocument body = JsonDocument.Parse(Assert.IsType<string>(Assert.Single(run.Output).BaseObject));
        JsonElement content = body.RootElement.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal(["text", "image_url", "text", "image_url", "text", "image_url", "text"], content.EnumerateArray().Select(p => p.GetProperty("type").GetString()));
        Assert.Equal("receipt.png, part 1 of 3 (overlapping), rows 1-2,800 of 8,000", content[0].GetProperty("text").GetString());
        Assert.Equal("receipt.png, part 3 of 3 (overlapping), rows 5,201-8,000 of 8,000", content[4].GetProperty("text").GetString());
        Assert.Equal("What is the total?", content[6].GetProperty("text").GetString());
        Assert.Contains("3 overlapping tiles", Assert.Single(run.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_estimate_covers_every_tile_and_the_server_gets_them_all()
    {
        Receipt();
        int before = fixture.Server.Requests.Count;

        HostedRun run = Run("$r = Invoke-VisionChat 'What is the total?' -Image receipt.png -Detail high @Chat; $r.Estimate.Images.Count; $r.Usage.PromptTokens -eq $r.Estimate.PromptTokens");

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Contains("3 overlapping tiles", Assert.Single(run.Warnings).Message, StringComparison.Ordinal);
        ContractAssert.NoKey(run);
        Assert.Equal([3, true], run.Output.Select(o => o.BaseObject));
        using JsonDocument body = JsonDocument.Parse(fixture.Server.Requests[before].Body);
        Assert.Equal(3, body.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray().Count(p => p.GetProperty("type").GetString() == "image_url"));
    }

    [Fact]
    public void Off_sends_the_receipt_whole_and_ConvertTo_ImagePart_shows_the_tiles()
    {
        Receipt();

        HostedRun whole = Run("ConvertTo-ImagePart receipt.png -Model gpt-4o -Detail high -Tile off");
        HostedRun tiles = Run("ConvertTo-ImagePart receipt.png -Model gpt-4o -Detail high");

        PSObject part = Assert.Single(whole.Output);
        Assert.Null(part.Properties["Label"].Value);
        Assert.Equal((256, 2048), ((int)part.Properties["Width"].Value, (int)part.Properties["Height"].Value));
        Assert.Empty(whole.Warnings);
        Assert.Equal(3, tiles.Output.Count);
        Assert.All(tiles.Output, t => Assert.Contains("Tiled", t.Properties["Changes"].Value.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Invoke-VisionChat 'x' -Image receipt.png -Tile many -RequestBodyOnly -Model gpt-4o")]
    [InlineData("ConvertTo-ImagePart receipt.png -Tile 0")]
    [InlineData("Submit-VisionBatch 'x' -Image receipt.png -Tile 99 -WhatIf -Model gpt-4o")]
    public void A_bad_value_is_refused_while_binding_and_says_what_is_accepted(string script)
    {
        Receipt();

        HostedRun run = Run(script);

        ErrorRecord error = run.Terminating ?? Assert.Single(run.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("auto, off or a number of tiles from 1 to 32", error.Exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _shell.Dispose();
}
