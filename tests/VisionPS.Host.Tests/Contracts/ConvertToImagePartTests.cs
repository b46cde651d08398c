using System.Globalization;
using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

[Collection(ModuleCollection.Name)]
public sealed class ConvertToImagePartTests(ModuleFixture fixture) : IDisposable
{
    private const string Command = "ConvertToImagePartCommand";
    private readonly ModuleShell _shell = fixture.Shell();

    [Fact]
    public void PathSet_PreparesTheFileAndSaysHowInOneVerboseRecord()
    {
        HostedRun run = _shell.Run("ConvertTo-ImagePart -Path a.jpg -Verbose");

        ContractAssert.Clean(run);
        PSObject part = Assert.Single(run.Output);
        Assert.Equal("VisionPS.ImagePart", part.TypeNames[0]);
        Assert.Equal("image/jpeg", part.Properties["MimeType"].Value);
        Assert.Equal(227, part.Properties["Width"].Value);
        Assert.Equal(149, part.Properties["Height"].Value);
        Assert.Equal(Path.Combine(fixture.Work, "a.jpg"), part.Properties["Source"].Value);
        string expected = string.Create(
            CultureInfo.InvariantCulture,
            $"{part.Properties["Source"].Value}: 227x149 image/jpeg {new FileInfo(Path.Combine(fixture.Work, "a.jpg")).Length:N0} bytes -> 227x149 image/jpeg {part.Properties["ByteLength"].Value:N0} bytes ({part.Properties["EncodedLength"].Value:N0} as base64); {part.Properties["Changes"].Value}.");
        Assert.Equal(expected, Assert.Single(run.Verbose).Message);
        Assert.Empty(run.Warnings);
        Assert.Empty(run.Information);
    }

    [Fact]
    public void PathSet_ExpandsWildcards()
    {
        HostedRun run = _shell.Run("ConvertTo-ImagePart -Path photos/*.jpg");

        ContractAssert.Clean(run);
        Assert.Equal(["one.jpg", "three.jpg", "two.jpg"], run.Output.Select(p => Path.GetFileName((string)p.Properties["Source"].Value)).Order());
    }

    [Fact]
    public void LiteralPathSet_TakesBracketsAsPartOfTheName()
    {
        File.Copy(Path.Combine(fixture.Work, "b.jpg"), Path.Combine(fixture.Work, "[1].jpg"), overwrite: true);

        HostedRun run = _shell.Run("ConvertTo-ImagePart -LiteralPath '[1].jpg'");

        ContractAssert.Clean(run);
        Assert.Equal(Path.Combine(fixture.Work, "[1].jpg"), Assert.Single(run.Output).Properties["Source"].Value);
    }

    [Fact]
    public void UriSet_PassesHttpUrlsThroughWithoutDownloading()
    {
        HostedRun run = _shell.Run("ConvertTo-ImagePart -Uri https://example.com/a.jpg -Detail LOW -Verbose");

        ContractAssert.Clean(run);
        PSObject part = Assert.Single(run.Output);
        Assert.Equal("Url", part.Properties["Kind"].Value.ToString());
        Assert.Equal("low", part.Properties["Detail"].Value);
        Assert.Equal("https://example.com/a.jpg: sent as a URL (not downloaded).", Assert.Single(run.Verbose).Message);
    }

    [Fact]
    public void BytesSet_NamesThePartAfterName()
    {
        HostedRun run = _shell.Run("ConvertTo-ImagePart -Bytes ([IO.File]::ReadAllBytes((Join-Path $PWD 'b.jpg'))) -Name 'from memory'");

        ContractAssert.Clean(run);
        Assert.Equal("from memory", Assert.Single(run.Output).Properties["Source"].Value);
    }

    [Fact]
    public void Pipeline_BindsPathStringsByValue()
    {
        HostedRun run = _shell.Run("'a.jpg', 'c.png' | ConvertTo-ImagePart");

        ContractAssert.Clean(run);
        Assert.Equal(["image/jpeg", "image/png"], run.Output.Select(p => (string)p.Properties["MimeType"].Value));
    }

    [Fact]
    public void Pipeline_BindsFileInfoByPropertyName()
    {
        HostedRun run = _shell.Run("Get-ChildItem photos | ConvertTo-ImagePart");

        ContractAssert.Clean(run);
        Assert.Equal(3, run.Output.Count);
    }

    [Fact]
    public void Pipeline_BindsImportCsvRowsByPropertyName()
    {
        HostedRun run = _shell.Run(
            "Get-ChildItem photos | Select-Object FullName | Export-Csv files.csv; [pscustomobject]@{ Url = 'https://example.com/x.png' } | Export-Csv urls.csv;" +
            "Import-Csv files.csv | ConvertTo-ImagePart; Import-Csv urls.csv | ConvertTo-ImagePart");

        ContractAssert.Clean(run);
        Assert.Equal(["File", "File", "File", "Url"], run.Output.Select(p => p.Properties["Kind"].Value.ToString()));
    }

    [Fact]
    public void BadFile_IsANonTerminatingErrorAndTheRestGoesOn()
    {
        HostedRun run = _shell.Run("'a.jpg', 'not-an-image.bin', 'missing.jpg', 'b.jpg' | ConvertTo-ImagePart");

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(2, run.Errors.Count);
        ContractAssert.Error(run.Errors[0], "ImageFormatNotRecognized", Command, ErrorCategory.InvalidData, "not-an-image.bin");
        ContractAssert.Error(run.Errors[1], "ImageNotFound", Command, ErrorCategory.ObjectNotFound, "missing.jpg");
    }

    [Fact]
    public void ThrottleLimit_PreparesSeveralAtOnceYetWritesPartsAndErrorsInInputOrder()
    {
        // The first image is by far the slowest to prepare, so work written as it finishes would come out of order.
        File.Copy(Path.Combine(RepoPaths.Shared, "samples", "street_classic_cars.jpg"), Path.Combine(fixture.Work, "big.jpg"), overwrite: true);

        HostedRun run = _shell.Run("'big.jpg', 'not-an-image.bin', 'a.jpg', 'missing.jpg', 'c.png', 'b.jpg' | ConvertTo-ImagePart -Detail high -ThrottleLimit 3");

        Assert.Null(run.Terminating);
        Assert.Equal(["big.jpg", "a.jpg", "c.png", "b.jpg"], run.Output.Select(p => Path.GetFileName((string)p.Properties["Source"].Value)));
        Assert.Equal(2, run.Errors.Count);
        ContractAssert.Error(run.Errors[0], "ImageFormatNotRecognized", Command, ErrorCategory.InvalidData, "not-an-image.bin");
        ContractAssert.Error(run.Errors[1], "ImageNotFound", Command, ErrorCategory.ObjectNotFound, "missing.jpg");
    }

    [Fact]
    public void ThrottleLimit_BelowOne_IsRefusedAtBinding()
    {
        HostedRun run = _shell.Run("ConvertTo-ImagePart a.jpg -ThrottleLimit 0");

        Assert.NotNull(run.Terminating);
        Assert.StartsWith("ParameterArgumentValidationError", run.Terminating!.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void AnimatedGif_SendsItsFirstFrameWithAWarning()
    {
        File.Copy(RepoPaths.TestImage("gif/animated_30frames_80x80.gif"), Path.Combine(fixture.Work, "spinner.gif"), overwrite: true);

        HostedRun run = _shell.Run("ConvertTo-ImagePart spinner.gif");

        ContractAssert.Clean(run);
        Assert.Equal(80, Assert.Single(run.Output).Properties["Width"].Value);
        Assert.Matches(@"^'.*spinner\.gif' is an animated GIF \(30 frames\); only its first frame was sent, as a still \w+\.$", Assert.Single(run.Warnings).Message);
    }

    [Fact]
    public void WebPOverTheLimits_IsResizedWithoutAWarning()
    {
        File.Copy(RepoPaths.TestImage("webp/lossy_vp8_550x368.webp"), Path.Combine(fixture.Work, "big.webp"), overwrite: true);

        HostedRun run = _shell.Run("ConvertTo-ImagePart big.webp -MaxSize 100");

        ContractAssert.Clean(run);
        Assert.Equal(100, Assert.Single(run.Output).Properties["Width"].Value);
        Assert.Empty(run.Warnings);
    }

    [Fact]
    public void InvalidDetail_TerminatesTheCommand()
    {
        HostedRun run = _shell.Run("ConvertTo-ImagePart a.jpg, b.jpg -Detail 'very high!'");

        Assert.Empty(run.Output);
        Assert.NotNull(run.Terminating);
        ContractAssert.Error(run.Terminating!, "InvalidDetail", Command, ErrorCategory.InvalidArgument, "very high!");
    }

    public void Dispose() => _shell.Dispose();
}
