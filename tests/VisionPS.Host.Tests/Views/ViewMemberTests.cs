using VisionPS.Host.Tests.Contracts;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Views;

/// <summary>
/// The text of the members VisionPS.Views gives the views (VisionPS.types.ps1xml), for the cases the sample runs of
/// <see cref="ViewRuleTests"/> do not reach: nulls, long names cut from the left, URL images, unknown estimates and
/// prices, fallback rules, batch expiry, and the current culture's number format. Objects are made in the runspace, so
/// the members are read as a view reads them.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ViewMemberTests(ModuleFixture fixture) : IDisposable
{
    // S shows a value with its kind: <null>, a string as it is, anything else as [Type] value.
    private const string Helpers = """
        function S($v) { if ($null -eq $v) { '<null>' } elseif ($v -is [string]) { $v } else { "[$($v.GetType().Name)] $v" } }
        function Show($o, [string[]]$names) { foreach ($n in $names) { S $o.$n } }
        $long = 'a-rather-long-file-name-from-a-scanner-0001.jpg'
        $messages = [Array]::CreateInstance([VisionPS.ChatResult].GetProperty('Messages').PropertyType.GetGenericArguments()[0], 0)
        $estimate = [VisionPS.CallEstimate]@{ Model = 'm'; TextTokens = 12; ContextLength = 128000; PromptCost = [VisionPS.Cost]::new([decimal]0.0019125, 'USD')
            Images = [VisionPS.ImageEstimate[]]@([VisionPS.ImageEstimate]::new('a.jpg', 640, 480, 'high', 765, 'openai-tiles', $false), [VisionPS.ImageEstimate]::new('b.png', 32, 32, $null, 85, 'openai-tiles', $false)) }
        $unknown = [VisionPS.CallEstimate]@{ Model = 'm'; TextTokens = 5
            Images = [VisionPS.ImageEstimate[]]@([VisionPS.ImageEstimate]::new('https://example.com/photos/2026/a-long-url-image-name.jpg', $null, $null, '', $null, 'openai-tiles', $true)) }
        """;

    private readonly ModuleShell _shell = fixture.Shell();

    private string[] Values(string script, string culture = "en-US")
    {
        HostedRun run = _shell.Run($$"""
            {{Helpers}}
            $before = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = '{{culture}}'
                {{script}}
            } finally { [cultureinfo]::CurrentCulture = $before }
            """);
        ContractAssert.Clean(run);
        return run.Output.Select(o => o.ToString()).ToArray();
    }

    [Fact]
    public void ChatResult_NothingReported_SaysSo_AndTheTableRowIsOneLine()
    {
        string[] values = Values("""
            $r = [VisionPS.ChatResult]@{ Text = "line one`n`n  line two`t end"; Prompt = 'p'; Images = [string[]]@(); Messages = $messages; Duration = [TimeSpan]::FromMilliseconds(1500) }
            Show $r TotalTokens, ImagesInView, UsageInView, CostInView, DurationInView, ModelInView, TextInView, TextLineInView
            """);

        Assert.Equal(["<null>", "(none)", "(not reported)", "(price unknown)", "1.50 s", "", "line one\n\n  line two\t end", "line one line two end"], values);
    }

    [Fact]
    public void ChatResult_Streamed_IsCounted_AndALongModelIsCutFromTheLeft()
    {
        string[] values = Values("""
            $usage = [VisionPS.TokenUsage]@{ PromptTokens = 1200; CompletionTokens = 34; TotalTokens = 1234 }
            $r = ([VisionPS.ChatResult]@{ Text = 'x' * 1234; Prompt = 'p'; Images = [string[]]@('a.jpg', $long); Messages = $messages; Model = 'provider/some-very-long-model-name-v2.5-instruct'
                Usage = $usage; Estimate = $estimate; Cost = [VisionPS.Cost]::new([decimal]0.0123, 'USD') }).AsStreamedToHost()
            Show $r TotalTokens, ImagesInView, UsageInView, CostInView, ModelInView, TextInView, TextLineInView
            $r.Text.Length
            """);

        Assert.Equal(
            ["[Int32] 1234", "a.jpg, " + ViewRuleTests.LongName, "1200 in + 34 out = 1234 (estimate before sending: ~862 in)", "0.0123 USD",
             "…odel-name-v2.5-instruct", "streamed above, 1,234 characters", "(streamed above, 1,234 characters)", "1234"],
            values);
    }

    [Fact]
    public void ChatResult_NumbersFollowTheCurrentCulture()
    {
        string[] values = Values("""
            $r = ([VisionPS.ChatResult]@{ Text = 'x' * 1234; Prompt = 'p'; Images = [string[]]@(); Messages = $messages; Duration = [TimeSpan]::FromMilliseconds(1500); Estimate = $estimate }).AsStreamedToHost()
            Show $r UsageInView, DurationInView, TextInView
            """, "de-DE");

        Assert.Equal(["(not reported) (estimate before sending: ~862 in)", "1,50 s", "streamed above, 1.234 characters"], values);
    }

    [Fact]
    public void CallEstimate_Known_Unknown_AndNoImages()
    {
        string[] values = Values("""
            Show $estimate PromptTokensInView, PromptCostInView, ContextLengthInView, ImagesInView
            Show $unknown PromptTokensInView, PromptCostInView, ContextLengthInView, ImagesInView
            Show ([VisionPS.CallEstimate]@{ Model = 'm'; TextTokens = 5; Images = [VisionPS.ImageEstimate[]]@() }) PromptTokensInView, ImagesInView
            """);

        Assert.Equal(
            ["~862 (850 for images, 12 for text)", "~0.001913 USD", "[Int32] 128000", "a.jpg: ~765 tokens (openai-tiles, estimate)\nb.png: ~85 tokens (openai-tiles, estimate)",
             "unknown (an image has no known size)", "(price unknown)", "(unknown)", "https://example.com/photos/2026/a-long-url-image-name.jpg: tokens unknown (openai-tiles, fallback, estimate)",
             "~5 (0 for images, 5 for text)", "(none)"],
            values);
    }

    [Fact]
    public void ImageEstimate_UrlImage_FallbackRule_AndLongSource()
    {
        string[] values = Values("""
            foreach ($i in @($estimate.Images[1]) + $unknown.Images + [VisionPS.ImageEstimate]::new($long, 100, 50, 'low', 85, 'fixed', $false)) {
                Show $i Size, TokensInView, DetailInView, RuleInView, SourceInView
            }
            """);

        Assert.Equal(
            ["32x32", "~85", "auto", "openai-tiles", "b.png",
             "URL", "?", "auto", "openai-tiles (fallback)", "…26/a-long-url-image-name.jpg",
             "100x50", "~85", "low", "fixed", "…" + ViewRuleTests.LongName[^28..]],
            values);
    }

    [Fact]
    public void Cost_ShowsUpToSixDecimals_InTheCurrentCulture()
    {
        string script = "foreach ($a in 0.0033131, 1234.5, 0) { S ([VisionPS.Cost]::new([decimal]$a, 'USD')).AmountInView }";

        Assert.Equal(["0.003313", "1234.5", "0"], Values(script));
        Assert.Equal(["0,003313", "1234,5", "0"], Values(script, "de-DE"));
    }

    [Fact]
    public void VisionModel_UnknownPriceLimitsAndContext_AndALongIdCutFromTheLeft()
    {
        string[] values = Values("""
            $new = [VisionPS.VisionModel].GetConstructors([System.Reflection.BindingFlags]'NonPublic,Instance')[0]
            $bare = $new.Invoke(@('organisation/an-extremely-long-model-identifier-v1', $null, $true))
            Show $bare Price, Limits, IdInView, VisionInView, ProviderInView, ContextInView, PriceInView, ListedInView
            Show (Get-VisionModel gpt-4o -Offline) Price, ContextInView, VisionInView, ListedInView
            Show (Get-VisionModel qwen2.5-vl-7b-instruct -Offline) Limits
            """);

        Assert.Equal(
            ["<null>", "", "…mely-long-model-identifier-v1", "unknown", "?", "?", "?", "yes",
             "2.5/10 USD per 1M", "128K", "yes", "-",
             "1200 rpm, 1000000 tpm"],
            values);
    }

    [Fact]
    public void VisionBatchStatus_DoneCount_LongIdCut_AndExpiryInUtc()
    {
        string[] values = Values("""
            $s = [VisionPS.VisionBatchStatus]@{ BatchId = 'batch_0123456789abcdefghijklmnopqrstuvwxyz'; Total = 12345; Completed = 1000; Failed = 3
                ExpiresAt = [DateTimeOffset]::new(2026, 12, 9, 1, 2, 3, [TimeSpan]::FromHours(2)) }
            Show $s Done, BatchIdInView, ExpiresAtInView
            Show ([VisionPS.VisionBatchStatus]@{ BatchId = 'b1' }) Done, BatchIdInView, ExpiresAtInView
            """);

        Assert.Equal(["1,003/12,345", "…9abcdefghijklmnopqrstuvwxyz", "2026-12-08 23:02Z", "0/0", "b1", "<null>"], values);
    }

    [Fact]
    public void VisionBatchJob_BatchesIsANumber_RequestsGrouped_PathCutFromTheLeft()
    {
        string[] values = Values("""
            $j = [VisionPS.VisionBatchJob]@{ JobPath = '/home/someone/jobs/nightly-2026-12-08/job.json'; JobId = 'ab12cd34'; Model = 'gpt-4o'; Requests = 100000; BatchIds = [string[]]@('b1', 'b2') }
            Show $j Batches, RequestsInView, JobPathInView
            """);

        Assert.Equal(["[Int32] 2", "100,000", "…ghtly-2026-12-08/job.json"], values);
    }

    [Fact]
    public void ImageComparison_LeafNames_MeasuresOrDashes_AndChangeCount()
    {
        string[] values = Values("""
            $measures = [VisionPS.LocalMeasures]@{ Identical = $false; ReferencePixelHash = 'a'; DifferencePixelHash = 'b'; Ssim = 0.98765; PerceptualHashDistance = 3
                Changes = [VisionPS.ChangeRegion[]]@([VisionPS.ChangeRegion]::new(1, 2, 30, 40), [VisionPS.ChangeRegion]::new(5, 6, 7, 8), [VisionPS.ChangeRegion]::new(9, 9, 9, 9)) }
            $answer = [VisionPS.ChatResult]@{ Text = "two`nlines"; Prompt = 'p'; Images = [string[]]@(); Messages = $messages }
            $c = [VisionPS.ImageComparison]@{ ReferenceImage = "/photos/before/$long"; DifferenceImage = 'after\one.jpg'; Measures = $measures; Answer = $answer }
            Show $c ReferenceImageInView, DifferenceImageInView, IdenticalInView, SsimInView, PHashInView, ChangesInView, TotalTokens, TextInView
            $one = [VisionPS.LocalMeasures]@{ Identical = $true; ReferencePixelHash = 'a'; DifferencePixelHash = 'a'; Ssim = 1; PerceptualHashDistance = 0; Changes = [VisionPS.ChangeRegion[]]@([VisionPS.ChangeRegion]::new(0, 0, 1, 1)) }
            Show ([VisionPS.ImageComparison]@{ ReferenceImage = 'a.jpg'; DifferenceImage = 'dir/b.jpg/'; Measures = $one }) DifferenceImageInView, IdenticalInView, SsimInView, PHashInView, ChangesInView
            Show ([VisionPS.ImageComparison]@{ ReferenceImage = 'a.jpg'; DifferenceImage = 'b.jpg' }) IdenticalInView, SsimInView, PHashInView, ChangesInView, TextInView
            """);

        Assert.Equal(
            ["…-scanner-0001.jpg", "one.jpg", "no", "0.988", "[Int32] 3", "30x40+1+2 +2", "<null>", "two lines",
             "b.jpg", "yes", "1.000", "[Int32] 0", "1x1+0+0",
             "-", "-", "-", "", ""],
            values);
    }

    [Fact]
    public void HistoryEntry_Outcome_FirstImageAndCount_AndNumbers()
    {
        string[] values = Values("""
            $e = [VisionPS.HistoryEntry]@{ Time = [DateTimeOffset]::new(2026, 12, 8, 4, 5, 0, [TimeSpan]::FromHours(-5)); Images = "/x/$long; /y/two.jpg; /z/three.jpg"; ImageCount = 3
                TotalTokens = 123456; Cost = [decimal]0.0012345678; Duration = [TimeSpan]::FromSeconds(12.34); FinishReason = 'stop' }
            Show $e Outcome, TimeInView, ImagesInView, TotalTokensInView, CostInView, DurationInView
            Show ([VisionPS.HistoryEntry]@{ Images = '/x/one.jpg'; ImageCount = 1; ErrorId = 'RateLimited'; FromCache = $true; Duration = [TimeSpan]::Zero }) Outcome, ImagesInView, DurationInView
            Show ([VisionPS.HistoryEntry]@{ ErrorId = ''; FromCache = $true; FinishReason = 'stop' }) Outcome, ImagesInView, TotalTokensInView, CostInView, DurationInView
            Show ([VisionPS.HistoryEntry]@{ FinishReason = 'length' }) Outcome
            """);

        Assert.Equal(
            ["stop", "2026-12-08 04:05", "…" + (ViewRuleTests.LongName + " (+2)")[^27..], "123,456", "0.001235", "12.3",
             "RateLimited", "one.jpg", "0.0",
             "cache", "<null>", "<null>", "<null>", "<null>",
             "length"],
            values);
    }

    [Fact]
    public void HistoryCostGroup_GroupedCounts_AndCostWithCurrency()
    {
        string[] values = Values("""
            Show ([VisionPS.HistoryCostGroup]@{ Name = 'gpt-4o'; Requests = 1234; FromCache = 2000; PromptTokens = 9876543; CompletionTokens = 12; Cost = [decimal]12.3456789; Currency = 'USD' }) RequestsInView, FromCacheInView, PromptTokensInView, CompletionTokensInView, CostInView
            Show ([VisionPS.HistoryCostGroup]@{ Name = $null }) RequestsInView, CostInView
            """);

        Assert.Equal(["1,234", "2,000", "9,876,543", "12", "12.345679 USD", "0", "<null>"], values);
    }

    [Fact]
    public void Providers_DeploymentStandsForTheModel_DefaultIsStarred_PresetWithoutUrlIsYourOwn()
    {
        string[] values = Values("""
            # PowerShell does not resolve VisionPS.Core.* by name (the assembly loads in the module's own context).
            function New([string]$type, $value) { [System.Management.Automation.LanguagePrimitives]::ConvertTo($value, [VisionPS.ChatResult].Assembly.GetType($type, $true)) }
            $p = New VisionPS.Core.Providers.ProviderProfile @{ Name = 'azure'; Deployment = 'my-gpt4o'; IsDefault = $true }
            Show $p ModelInView, IsDefaultInView
            $p.KeyInView -ceq $p.Key.ToString(); $p.QuirksInView -ceq $p.EffectiveQuirks.ToString()
            Show (New VisionPS.Core.Providers.ProviderProfile @{ Name = 'x'; Model = 'gpt-4o'; Deployment = 'd' }) ModelInView, IsDefaultInView
            $presets = Get-VisionProvider -ListAvailable
            @($presets | Where-Object { -not $_.BaseUrl })[0].BaseUrlInView
            @($presets | Where-Object BaseUrl)[0].BaseUrlInView -ceq @($presets | Where-Object BaseUrl)[0].BaseUrl
            @($presets | Where-Object { $_.QuirksInView -cne $_.Quirks.ToString() }).Count
            $probeType = [VisionPS.ChatResult].Assembly.GetType('VisionPS.Core.Providers.ProbeResult', $true)
            $probes = [Array]::CreateInstance($probeType, 2)
            $probes[0] = $probeType::new('PNG image', $true, 'seen'); $probes[1] = $probeType::new('image URL', $null, 'not probed')
            $report = New VisionPS.Core.Providers.ProviderTestReport @{ BaseUrl = [uri]'http://127.0.0.1:1/v1'; Model = 'm'; Probes = $probes; Learned = $p.EffectiveQuirks }
            $report.ProbesInView -ceq ('PNG image: accepted - seen' + [Environment]::NewLine + 'image URL: unknown - not probed')
            $report.LearnedInView -ceq $p.EffectiveQuirks.ToString()
            """);

        Assert.Equal(["my-gpt4o", "*", "True", "True", "gpt-4o", "", "(your own)", "True", "0", "True", "True"], values);
    }

    public void Dispose() => _shell.Dispose();
}
