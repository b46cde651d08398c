using System.Xml.Linq;
using VisionPS.Host.Tests.Contracts;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Views;

/// <summary>
/// The rules every view in out/VisionPS/VisionPS.format.ps1xml keeps, checked by walking the file, so a new view is
/// covered (and fails until <see cref="Samples"/> makes an object for it): each heading is a property of the object,
/// so Select-Object or Format-Table by heading gives what the view shows; at 80 and 120 columns no line runs past the
/// width and nothing is cut on the right ("…" only starts a value a view cut from the left).
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ViewRuleTests(ModuleFixture fixture) : IDisposable
{
    public const string LongName = "a-rather-long-file-name-from-a-scanner-0001.jpg";

    // One object (or more) per type a view is selected by; names long enough to need cutting at 80 columns.
    private const string Samples = """
        $env:VISIONPS_CONFIG_DIR = Join-Path $PWD ('views-config-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $env:VISIONPS_VIEW_TEST_KEY = $Key
        Copy-Item a.jpg $LongName -Force
        $r = Invoke-VisionChat 'Describe' -Image a.jpg @Chat -InformationAction Ignore
        $samples = @{
            'VisionPS.ChatResult' = @($r, (Invoke-VisionChat 'Describe' -Image $LongName @Chat -InformationAction Ignore))
            'VisionPS.ImagePart' = @(ConvertTo-ImagePart a.jpg, c.png, $LongName -Model gpt-4o) + @(ConvertTo-ImagePart -Uri https://example.com/cat.jpg -Detail low)
            'VisionPS.VisionModel' = Get-VisionModel 'gpt-4o*', 'qwen2.5-vl*', 'glm-4v*' -Offline
            'VisionPS.CallEstimate' = $r.Estimate
            'VisionPS.ImageEstimate' = $r.Estimate.Images
            'VisionPS.Cost' = $r.Cost
            'VisionPS.Core.Providers.ProviderProfile' = Set-VisionProvider local -BaseUrl $BaseUrl -KeyVariable VISIONPS_VIEW_TEST_KEY -Model gpt-4o -PassThru
            'VisionPS.Core.Providers.ProviderPreset' = Get-VisionProvider -ListAvailable
            'VisionPS.Core.Providers.ProviderTestReport' = Test-VisionProvider -Provider local -NoSave
            'VisionPS.VisionBatchJob' = ($job = Submit-VisionBatch 'Describe' -Image a.jpg, $LongName @Chat -JobPath (Join-Path $PWD ('views-job-' + [guid]::NewGuid().ToString('N').Substring(0, 8))))
            'VisionPS.VisionBatchStatus' = $job | Get-VisionBatch -ApiKey $Key
            'VisionPS.ImageComparison' = Compare-Image a.jpg $LongName, photos/one.jpg -Local
            'VisionPS.HistoryEntry' = Get-VisionHistory -Newest 3
            'VisionPS.HistoryCostGroup' = Get-VisionHistory -Cost -GroupBy Model
        }
        """;

    private static readonly string FormatFile = Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "VisionPS.format.ps1xml");

    private static readonly string TypesFile = Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "VisionPS.types.ps1xml");

    private readonly ModuleShell _shell = fixture.Shell();

    public static TheoryData<string, int> Views()
    {
        var data = new TheoryData<string, int>();
        foreach (XElement view in XDocument.Load(FormatFile).Descendants("View"))
        {
            data.Add((string)view.Element("Name")!, 80);
            data.Add((string)view.Element("Name")!, 120);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void EveryView_HeadingsAreProperties_AndFitsTheWidth_AndCutsOnlyFromTheLeft(string name, int width)
    {
        XElement view = XDocument.Load(FormatFile).Descendants("View").Single(v => (string)v.Element("Name")! == name);
        string type = (string)view.Descendants("TypeName").Single();
        bool table = view.Element("TableControl") is not null;
        string[] headings = table
            ? view.Descendants("TableColumnHeader").Zip(view.Descendants("TableColumnItem"), (h, i) => (string?)h.Element("Label") ?? (string)i.Element("PropertyName")!).ToArray()
            : view.Descendants("ListItem").Select(i => (string?)i.Element("Label") ?? (string)i.Element("PropertyName")!).ToArray();

        var variables = fixture.Variables;
        variables["LongName"] = LongName;
        variables["Type"] = type;
        variables["View"] = name;
        variables["Headings"] = headings;
        variables["Shown"] = view.Descendants("PropertyName").Select(p => p.Value).Distinct().ToArray();
        variables["Width"] = width;
        HostedRun run = _shell.Run(Samples + $$"""

            try {
                $objects = @($samples[$Type])
                if (-not $objects) { throw "no sample object for $($Type): add one to ViewRuleTests.Samples" }
                foreach ($h in $Headings) { if ($null -eq $objects[0].PSObject.Properties[$h]) { "missing property: $h" } }
                foreach ($p in $Shown) { if ($null -eq $objects[0].PSObject.Properties[$p]) { "the view shows $p, which the object does not have (declare it in VisionPS.types.ps1xml)" } }
                '---'
                $objects | {{(table ? "Format-Table" : "Format-List")}} -View $View | Out-String -Width $Width
            } finally { Remove-Item Env:VISIONPS_CONFIG_DIR, Env:VISIONPS_VIEW_TEST_KEY -ErrorAction Ignore }
            """, variables);

        ContractAssert.Clean(run);
        string[] output = run.Output.Select(o => o.ToString()).ToArray();
        int separator = Array.IndexOf(output, "---");
        Assert.Empty(output[..separator]);
        string text = Assert.Single(output[(separator + 1)..]);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= width, $"{name} at {width}: line past the width: '{line}'"));
        Assert.DoesNotMatch(@"…(\s|$)", text);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void LongNames_AreCutFromTheLeftInTheViewOnly(int width)
    {
        var variables = fixture.Variables;
        variables["LongName"] = LongName;
        HostedRun run = _shell.Run($"Copy-Item a.jpg $LongName -Force; $p = ConvertTo-ImagePart $LongName; $p | Out-String -Width {width}; $p.Name", variables);

        ContractAssert.Clean(run);
        string table = run.Output[0].ToString();
        Assert.Contains("…" + LongName[^17..] + " jpeg", table, StringComparison.Ordinal);
        Assert.Equal(LongName, run.Output[1].ToString());
    }

    [Fact]
    public void ImagePart_HeadingsSelectWhatTheTableShows()
    {
        HostedRun run = _shell.Run("ConvertTo-ImagePart a.jpg -MaxSize 100 | Select-Object Name, Type, Size, Bytes, Original, Detail | ConvertTo-Json -Compress", fixture.Variables);

        ContractAssert.Clean(run);
        Assert.Matches("""^\{"Name":"a\.jpg","Type":"jpeg","Size":"100x\d+","Bytes":\d+,"Original":"227x149","Detail":null\}$""", run.Output.Single().ToString());
    }

    [Fact]
    public void StreamedAnswer_IsSummedUpNotPrintedTwice_AndASilencedOneStillShowsItsText()
    {
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);
        HostedRun run = shell.Run("""
            $shown = Invoke-VisionChat 'Describe' -Image a.jpg @Chat
            $quiet = Invoke-VisionChat 'Describe' -Image a.jpg @Chat -InformationAction Ignore
            $shown.StreamedToHost; $quiet.StreamedToHost
            $shown | Out-String -Width 80
            $quiet | Out-String -Width 80
            $shown.Text
            """, fixture.Variables);

        ContractAssert.Clean(run);
        string[] s = run.Output.Select(o => o.ToString()).ToArray();
        Assert.Equal(["True", "False"], s[..2]);
        Assert.Contains($"Text         : streamed above, {s[4].Length:N0} characters", s[2], StringComparison.Ordinal);
        Assert.DoesNotContain("prompt: Describe", s[2], StringComparison.Ordinal);
        Assert.Contains("prompt: Describe", s[3], StringComparison.Ordinal);
    }

    [Fact]
    public void SavedResult_PipedBack_ContinuesItsConversation()
    {
        HostedRun run = _shell.Run("""
            $first = Invoke-VisionChat 'Describe' -Image a.jpg @Chat -InformationAction Ignore
            $saved = $first | ConvertTo-Json -Depth 8 | ConvertFrom-Json
            $next = $saved | Invoke-VisionChat 'And the colours?' @Chat -InformationAction Ignore
            $next.Messages.Count
            $next.Text
            [pscustomobject]@{ Conversation = $first.Conversation; Note = 'mine' } | Invoke-VisionChat 'Once more' @Chat -InformationAction Ignore | ForEach-Object { $_.Messages.Count }
            """, fixture.Variables);

        ContractAssert.Clean(run);
        string[] s = run.Output.Select(o => o.ToString()).ToArray();
        Assert.Equal("4", s[0]);
        // The test server's answer reports what arrived: the earlier turn (question and answer) and the new prompt.
        Assert.Contains("messages: 3", s[1], StringComparison.Ordinal);
        Assert.Contains("prompt: And the colours?", s[1], StringComparison.Ordinal);
        Assert.Equal("4", s[2]);
    }

    /// <summary>
    /// Script in a view or type member costs every fresh pwsh a parse, a compile and its first DLR binders on the first
    /// output (~100 ms, issue 20 point 3); C# members over VisionPS.Views give the same text without that.
    /// </summary>
    [Fact]
    public void FormatAndTypesFiles_HoldNoPowerShellScript()
    {
        const string why = "costs a one-shot pwsh a script compile on its first output (issue 20 point 3): add a method to a VisionPS.Views class and a CodeProperty in VisionPS.types.ps1xml (IsHidden=\"true\" for text only the view shows), and name it in the view's <PropertyName>";
        string[] scriptBlocks = XDocument.Load(FormatFile).Descendants("ScriptBlock")
            .Select(b => $"{(string?)b.Ancestors("View").First().Element("Name")}: <ScriptBlock> {b.Value}").ToArray();
        string[] scriptMembers = XDocument.Load(TypesFile).Descendants().Where(e => e.Name.LocalName is "ScriptProperty" or "ScriptMethod")
            .Select(m => $"{(string?)m.Ancestors("Type").First().Element("Name")}.{(string?)m.Element("Name")}: <{m.Name.LocalName}>").ToArray();

        Assert.True(scriptBlocks.Length == 0, $"VisionPS.format.ps1xml: a script block {why}:\n{string.Join('\n', scriptBlocks)}");
        Assert.True(scriptMembers.Length == 0, $"VisionPS.types.ps1xml: a script member {why}:\n{string.Join('\n', scriptMembers)}");
    }

    public static TheoryData<string> TypesWithHiddenMembers()
    {
        var data = new TheoryData<string>();
        foreach (XElement type in XDocument.Load(TypesFile).Descendants("Type").Where(t => t.Descendants("CodeProperty").Any(ViewOnly)))
        {
            data.Add((string)type.Element("Name")!);
        }

        return data;
    }

    // A member the view alone shows: hidden, and by the naming rule ...InView (so one that lost IsHidden is still checked).
    private static bool ViewOnly(XElement member) =>
        (string?)member.Attribute("IsHidden") == "true" || ((string)member.Element("Name")!).EndsWith("InView", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(TypesWithHiddenMembers))]
    public void HiddenViewMembers_StayOutOfSelectJsonAndCsv_WhileEveryHeadingIsSelectable(string type)
    {
        string[] hidden = XDocument.Load(TypesFile).Descendants("Type").Single(t => (string)t.Element("Name")! == type)
            .Descendants("CodeProperty").Where(ViewOnly).Select(p => (string)p.Element("Name")!).ToArray();
        string[] headings = XDocument.Load(FormatFile).Descendants("View").Where(v => v.Descendants("TypeName").Any(t => t.Value == type))
            .SelectMany(v => v.Descendants("TableColumnHeader").Select(h => (string?)h.Element("Label"))
                .Concat(v.Descendants("ListItem").Select(i => (string?)i.Element("Label") ?? (string?)i.Element("PropertyName"))))
            .OfType<string>().Distinct().ToArray();
        Assert.NotEmpty(hidden);
        Assert.NotEmpty(headings);

        var variables = fixture.Variables;
        variables["LongName"] = LongName;
        variables["Type"] = type;
        variables["Hidden"] = hidden;
        variables["Headings"] = headings;
        HostedRun run = _shell.Run(Samples + """

            try {
                $o = @($samples[$Type])[0]
                if (-not $o) { throw "no sample object for $($Type): add one to ViewRuleTests.Samples" }
                $selected = @(($o | Select-Object *).PSObject.Properties.Name)
                $json = @(($o | ConvertTo-Json -Depth 1 -WarningAction Ignore | ConvertFrom-Json -AsHashtable).Keys)
                $csvPath = Join-Path $PWD ('hidden-' + [guid]::NewGuid().ToString('N') + '.csv')
                $o | Export-Csv $csvPath
                $csv = @((Import-Csv $csvPath | Select-Object -First 1).PSObject.Properties.Name)
                Remove-Item $csvPath
                foreach ($h in $Hidden) {
                    if ($selected -contains $h) { "Select-Object * has $h" }
                    if ($json -contains $h) { "ConvertTo-Json has $h" }
                    if ($csv -contains $h) { "Export-Csv has $h" }
                    if ($null -eq $o.PSObject.Properties[$h]) { "the view cannot reach $h" }
                }
                foreach ($h in $Headings) { if ($selected -notcontains $h) { "heading $h is not a property Select-Object * gives" } }
            } finally { Remove-Item Env:VISIONPS_CONFIG_DIR, Env:VISIONPS_VIEW_TEST_KEY -ErrorAction Ignore }
            """, variables);

        ContractAssert.Clean(run);
        Assert.Empty(run.Output.Select(o => o.ToString()));
    }

    public void Dispose() => _shell.Dispose();
}
