using VisionPS.Host.Tests.Contracts;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Views;

/// <summary>
/// Every output type in its default view at 80 and at 120 columns: no line past the width, nothing cut on the right
/// (long values wrap; names are cut from the left), and the key columns there. Objects come from real runs against the test server.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ViewTests(ModuleFixture fixture) : IDisposable
{
    private const string Setup = """
        $r = Invoke-VisionChat 'Describe' -Image a.jpg @Chat -InformationAction Ignore
        $parts = @(ConvertTo-ImagePart a.jpg, c.png -Model gpt-4o) + @(ConvertTo-ImagePart -Uri https://example.com/cat.jpg -Detail low)
        $models = Get-VisionModel 'gpt-4o*', 'qwen2.5-vl*', 'glm-4v*' -Offline
        ConvertTo-ImagePart not-an-image.bin -ErrorVariable bad -ErrorAction SilentlyContinue
        """;

    private readonly ModuleShell _shell = fixture.Shell();

    private string Render(string expression, int width, bool ownView = true)
    {
        HostedRun run = _shell.Run($"{Setup}\n{expression} | Out-String -Width {width}", fixture.Variables);
        ContractAssert.Clean(run);
        string text = (string)Assert.Single(run.Output).BaseObject;
        string[] lines = text.Split('\n');
        if (ownView)
        {
            Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= width, $"{expression} at {width}: line past the width: '{line}'"));
            Assert.DoesNotMatch(@"…(\s|$)", text);
        }

        return text;
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void ChatResult_ListShowsModelUsageCostAndTheWholeText(int width)
    {
        string text = Render("$r", width);

        Assert.Matches(@"Model\s+: gpt-4o", text);
        Assert.Matches(@"Usage\s+: \d+ in \+ \d+ out = \d+ \(estimate before sending: ~\d+ in\)", text);
        Assert.Matches(@"Cost\s+: 0\.\d+ USD", text);
        Assert.Contains("prompt: Describe", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void ImagePart_TableKeepsNameSizeBytesAndChanges(int width)
    {
        string text = Render("$parts", width);

        Assert.Matches(@"Name\s+Type\s+Size\s+Bytes\s+Original\s+Detail\s+Changes", text);
        Assert.Matches(@"a\.jpg\s+jpeg\s+227x149\s+[\d,]+\s+auto\s+\w+", text);
        Assert.Matches(@"c\.png\s+png\s+32x32", text);
        Assert.Contains("…ample.com/cat.jpg", text, StringComparison.Ordinal);
        Assert.Contains("sent as a URL", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80, new[] { "Id", "Vision", "Provider", "Context", "Price" }, new[] { "ImageTokenRule", "Limits" })]
    [InlineData(120, new[] { "Id", "Vision", "Provider", "Context", "Price", "ImageTokenRule", "Listed", "Limits" }, new string[0])]
    public void VisionModel_TableShowsWholeColumnsThatFit(int width, string[] shown, string[] leftOut)
    {
        string text = Render("$models", width);
        string header = text.Split('\n').First(l => l.StartsWith("Id ", StringComparison.Ordinal));

        Assert.All(shown, column => Assert.Contains(column, header, StringComparison.Ordinal));
        Assert.All(leftOut, column => Assert.DoesNotContain(column, header, StringComparison.Ordinal));
        Assert.Matches(@"gpt-4o\s+yes\s+openai\s+128K\s+2\.5/10 USD", text);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void TokenUsage_Estimates_AndCost_RenderTheirNumbers(int width)
    {
        Assert.Matches(@"PromptTokens\s+CompletionTokens\s+TotalTokens\s+-+\s+-+\s+-+\s+\d+\s+\d+\s+\d+", Render("$r.Usage", width));
        Assert.Matches(@"PromptTokens\s+: ~\d+ \(\d+ for images, \d+ for text\)", Render("$r.Estimate", width));
        Assert.Matches(@"~\d+\s+227x149\s+auto\s+openai-tiles\s+(/|…)", Render("$r.Estimate.Images", width));
        Assert.Matches(@"0\.0\d{2,} USD", Render("$r.Cost", width));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void ErrorRecord_ShowsTheWholeMessage(int width)
    {
        HostedRun message = _shell.Run($"{Setup}\n$bad[0].Exception.Message", fixture.Variables);
        // PowerShell's own error view: it wraps to the console, not to Out-String's width, and shortens the script line
        // it quotes; what is ours to check is that our message is there whole.
        string text = Render("$bad[0]", width, ownView: false);

        string Words(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Words((string)Assert.Single(message.Output).BaseObject), Words(text), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SaysWhatEachOutputIs()
    {
        HostedRun run = _shell.Run($"{Setup}\n\"$r\" -eq $r.Text; \"$($parts[0])\"; \"$($models[0])\" -eq $models[0].Id; \"$($r.Usage)\"; \"$($r.Estimate)\"; \"$($r.Estimate.Images[0])\"; \"$($r.Cost)\"", fixture.Variables);

        ContractAssert.Clean(run);
        string[] s = run.Output.Select(o => o.ToString()).ToArray();
        Assert.Equal("True", s[0]);
        Assert.Equal(Path.Combine(fixture.Work, "a.jpg"), s[1]);
        Assert.Equal("True", s[2]);
        Assert.Matches(@"^\d+ in \+ \d+ out = \d+$", s[3]);
        Assert.Matches(@"^~\d+ prompt tokens \(estimate\)$", s[4]);
        Assert.Matches(@"a\.jpg: ~\d+ tokens \(openai-tiles, estimate\)$", s[5]);
        Assert.Matches(@"^0\.\d+ USD$", s[6]);
    }

    public void Dispose() => _shell.Dispose();
}
