using System.Management.Automation;
using System.Text.Json;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>
/// Issue 17 point 3 through the cmdlets: under a llama.cpp profile (refuses WebP and image URLs, ignores detail, wants
/// max_tokens) the bytes the server receives are the bytes -RequestBodyOnly writes, and a lossy WebP photo is a JPEG
/// within -MaxBytes. Each script runs with its own empty config folder.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ProviderQuirksTests : IDisposable
{
    private const string Llama = "Set-VisionProvider llama -Kind LlamaCpp -BaseUrl $BaseUrl -Model gpt-4o -AllowPrivateImageUrls";
    private readonly ModuleFixture _fixture;
    private readonly ModuleShell _shell;
    private readonly string _config = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-host-quirks-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly string _webp;

    public ProviderQuirksTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _shell = fixture.Shell();
        _webp = Path.Combine(_config, "photo.webp");
        File.Copy(RepoPaths.TestImage("webp/lossy_vp8_550x368.webp"), _webp);
    }

    private HostedRun Run(string script)
    {
        var variables = new Dictionary<string, object?>(_fixture.Variables)
        {
            ["Config"] = _config,
            ["Webp"] = _webp,
            ["ImageUrl"] = new Uri(_fixture.Server.Root, "_test/image.png").ToString(),
        };
        return _shell.Run($"$env:VISIONPS_CONFIG_DIR = $Config\ntry {{\n{Llama}\n{script}\n}} finally {{ Remove-Item Env:VISIONPS_CONFIG_DIR -ErrorAction Ignore }}", variables);
    }

    private string LastBody => _fixture.Server.Requests[^1].Body;

    private static string[] ImageUrls(string body)
    {
        using JsonDocument json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("messages").EnumerateArray()
            .SelectMany(m => m.GetProperty("content").ValueKind == JsonValueKind.Array ? m.GetProperty("content").EnumerateArray().ToArray() : [])
            .Where(p => p.GetProperty("type").GetString() == "image_url")
            .Select(p => p.GetProperty("image_url").GetProperty("url").GetString()!)
            .ToArray();
    }

    [Fact]
    public void WebP_UnderLlamaCpp_TheServerGetsWhatRequestBodyOnlyShows_AJpegWithinMaxBytes()
    {
        const string Args = "-Image $Webp -Provider llama -ApiKey $Key -MaxBytes 100000 -Detail high -MaxTokens 30";

        HostedRun shown = Run($"Invoke-VisionChat 'Describe' {Args} -RequestBodyOnly");
        HostedRun sent = Run($"Invoke-VisionChat 'Describe' {Args} -InformationAction Ignore");

        ContractAssert.Clean(shown);
        ContractAssert.Clean(sent);
        string body = (string)Assert.Single(shown.Output).BaseObject;
        Assert.Equal(body, LastBody);
        string url = Assert.Single(ImageUrls(body));
        Assert.StartsWith("data:image/jpeg;base64,", url, StringComparison.Ordinal);
        Assert.InRange(url.Length - "data:image/jpeg;base64,".Length, 1, 100_000);
        Assert.DoesNotContain("\"detail\"", body, StringComparison.Ordinal);
        Assert.Contains("\"max_tokens\":30", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_UnderLlamaCpp_IsDownloadedAndTheServerGetsWhatRequestBodyOnlyShows()
    {
        HostedRun shown = Run("Invoke-VisionChat 'Describe' -Image $ImageUrl -Provider llama -ApiKey $Key -RequestBodyOnly");
        HostedRun sent = Run("Invoke-VisionChat 'Describe' -Image $ImageUrl -Provider llama -ApiKey $Key -InformationAction Ignore");

        ContractAssert.Clean(shown);
        ContractAssert.Clean(sent);
        string body = (string)Assert.Single(shown.Output).BaseObject;
        Assert.Equal(body, LastBody);
        Assert.StartsWith("data:image/png;base64,", Assert.Single(ImageUrls(body)), StringComparison.Ordinal);
    }

    [Fact]
    public void CompareImage_UnderLlamaCpp_TheServerGetsWhatRequestBodyOnlyShows()
    {
        const string Args = "-ReferenceImage $Webp -DifferenceImage $ImageUrl -Provider llama -ApiKey $Key -MaxBytes 100000";

        HostedRun shown = Run($"Compare-Image {Args} -RequestBodyOnly");
        HostedRun sent = Run($"Compare-Image {Args} -InformationAction Ignore");

        ContractAssert.Clean(shown);
        ContractAssert.Clean(sent);
        string body = (string)Assert.Single(shown.Output).BaseObject;
        Assert.Equal(body, LastBody);
        string[] urls = ImageUrls(body);
        Assert.StartsWith("data:image/jpeg;base64,", urls[0], StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", urls[1], StringComparison.Ordinal);
    }

    [Fact]
    public void SubmitVisionBatch_UnderLlamaCpp_WritesLinesWhoseBodyIsWhatRequestBodyOnlyShows()
    {
        const string Args = "-Image $Webp -Provider llama -ApiKey $Key -MaxBytes 30000 -Detail high -MaxTokens 30";
        string job = Path.Combine(_config, "job");

        HostedRun shown = Run($"Invoke-VisionChat 'Describe' {Args} -NoStream -RequestBodyOnly");
        HostedRun submitted = Run($"Submit-VisionBatch 'Describe' {Args} -JobPath '{job}'");

        ContractAssert.Clean(shown);
        ContractAssert.Clean(submitted);
        string line = File.ReadAllLines(Assert.Single(Directory.GetFiles(job, "*.jsonl", SearchOption.AllDirectories))).Single();
        using JsonDocument json = JsonDocument.Parse(line);
        string body = json.RootElement.GetProperty("body").GetRawText();
        Assert.Equal((string)Assert.Single(shown.Output).BaseObject, body);
        string url = Assert.Single(ImageUrls(body));
        Assert.StartsWith("data:image/jpeg;base64,", url, StringComparison.Ordinal);
        Assert.InRange(url.Length - "data:image/jpeg;base64,".Length, 1, 30_000);
        Assert.DoesNotContain("\"detail\"", body, StringComparison.Ordinal);
        Assert.Contains("\"max_tokens\":30", body, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvertToImagePart_WithProvider_PreparesForItsQuirks_AndAnUnknownOneIsProviderNotFound()
    {
        HostedRun run = Run("ConvertTo-ImagePart -Path $Webp -Provider llama -Detail high -MaxBytes 100000; ConvertTo-ImagePart -Uri $ImageUrl -Provider llama");
        HostedRun unknown = Run("ConvertTo-ImagePart -Path $Webp -Provider nosuch");

        ContractAssert.Clean(run);
        Assert.Equal(2, run.Output.Count);
        PSObject webp = run.Output[0];
        Assert.Equal("image/jpeg", webp.Properties["MimeType"].Value);
        Assert.Null(webp.Properties["Detail"].Value);
        Assert.InRange((long)webp.Properties["EncodedLength"].Value, 1, 100_000);
        Assert.Equal("image/png", run.Output[1].Properties["MimeType"].Value);
        Assert.NotNull(run.Output[1].Properties["ByteLength"].Value);
        Assert.NotNull(unknown.Terminating);
        Assert.Equal("ProviderNotFound,VisionPS.Commands.ConvertToImagePartCommand", unknown.Terminating!.FullyQualifiedErrorId);
    }

    public void Dispose()
    {
        _shell.Dispose();
        Directory.Delete(_config, recursive: true);
    }
}
