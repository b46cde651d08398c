using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

[Collection(ModuleCollection.Name)]
public sealed class CompareImageTests(ModuleFixture fixture) : IDisposable
{
    private const string Command = "CompareImageCommand";
    private readonly ModuleShell _shell = fixture.Shell();

    private HostedRun Run(string script) => _shell.Run(script, fixture.Variables);

    private int RequestCount => fixture.Server.Requests.Count;

    private string InWork(string name) => Path.Combine(fixture.Work, name);

    [Fact]
    public void Local_WritesOneComparisonAndSendsNothing()
    {
        int before = RequestCount;

        HostedRun run = Run("Compare-Image -ReferenceImage a.jpg -DifferenceImage photos/one.jpg -Local");

        ContractAssert.Clean(run);
        PSObject result = Assert.Single(run.Output);
        Assert.Equal("VisionPS.ImageComparison", result.TypeNames[0]);
        Assert.Equal(InWork("a.jpg"), result.Properties["ReferenceImage"].Value);
        Assert.Equal(InWork(Path.Combine("photos", "one.jpg")), result.Properties["DifferenceImage"].Value);
        Assert.Equal(true, result.Properties["Identical"].Value);
        Assert.Null(result.Properties["Answer"].Value);
        Assert.Equal(before, RequestCount);
    }

    [Fact]
    public void Local_PositionalAndWildcards_OneComparisonPerDifferenceImage()
    {
        HostedRun run = Run("Compare-Image a.jpg photos/*.jpg -Local -WarningAction SilentlyContinue");

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(3, run.Output.Count);
        Assert.All(run.Output, o => Assert.Equal("VisionPS.ImageComparison", o.TypeNames[0]));
        PSObject identical = Assert.Single(run.Output, o => Equals(o.Properties["Identical"].Value, true));
        Assert.Equal("one.jpg", Path.GetFileName((string)identical.Properties["DifferenceImage"].Value));
    }

    [Fact]
    public void WithModel_SendsOneRequestPerPairAndTheAnswerIsInTheResult()
    {
        int before = RequestCount;

        HostedRun run = Run("Compare-Image a.jpg b.jpg @Chat -InformationAction Ignore");

        ContractAssert.Clean(run);
        PSObject result = Assert.Single(run.Output);
        Assert.Equal("VisionPS.ImageComparison", result.TypeNames[0]);
        Assert.Equal(1, RequestCount - before);
        string text = (string)result.Properties["Text"].Value;
        Assert.Contains("image 1: image/jpeg 227x149", text, StringComparison.Ordinal);
        Assert.Contains("image 2: image/jpeg 32x32", text, StringComparison.Ordinal);
        Assert.NotNull(result.Properties["Answer"].Value);
    }

    [Fact]
    public void Pipeline_BindsImportCsvPairsByPropertyName()
    {
        int before = RequestCount;

        HostedRun run = Run(
            "@([pscustomobject]@{ ReferenceImage = 'a.jpg'; DifferenceImage = 'photos/one.jpg' }, [pscustomobject]@{ ReferenceImage = 'a.jpg'; DifferenceImage = 'b.jpg' }) | Export-Csv pairs.csv;" +
            "Import-Csv pairs.csv | Compare-Image @Chat -InformationAction Ignore");

        ContractAssert.Clean(run);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(2, RequestCount - before);
        Assert.Equal(["one.jpg", "b.jpg"], run.Output.Select(o => Path.GetFileName((string)o.Properties["DifferenceImage"].Value)));
        Assert.Equal([true, false], run.Output.Select(o => (bool)o.Properties["Identical"].Value));
    }

    [Fact]
    public void Pipeline_BindsAliasedPropertyNames()
    {
        HostedRun run = Run("[pscustomobject]@{ Before = 'a.jpg'; After = 'photos/one.jpg' } | Compare-Image -Local");

        ContractAssert.Clean(run);
        Assert.Equal(true, Assert.Single(run.Output).Properties["Identical"].Value);
    }

    [Fact]
    public void MissingDifferenceImage_IsNonTerminatingAndTheRestIsCompared()
    {
        HostedRun run = Run("Compare-Image a.jpg missing.jpg, photos/one.jpg @Chat -InformationAction Ignore");

        Assert.Null(run.Terminating);
        Assert.Single(run.Output);
        ContractAssert.Error(Assert.Single(run.Errors), "ImageNotFound", Command, ErrorCategory.ObjectNotFound, "missing.jpg");
        ContractAssert.NoKey(run);
    }

    [Fact]
    public void NotAnImage_IsNonTerminatingInvalidData()
    {
        HostedRun run = Run("Compare-Image a.jpg not-an-image.bin, photos/one.jpg -Local");

        Assert.Null(run.Terminating);
        Assert.Single(run.Output);
        ContractAssert.Error(Assert.Single(run.Errors), "ImageFormatNotRecognized", Command, ErrorCategory.InvalidData, "not-an-image.bin");
    }

    [Fact]
    public void ReferenceNamingManyImages_IsANonTerminatingInvalidInputError()
    {
        HostedRun run = Run("Compare-Image photos/*.jpg a.jpg -Local; 'after'");

        Assert.Null(run.Terminating);
        Assert.Equal("after", Assert.Single(run.Output).BaseObject);
        ContractAssert.Error(Assert.Single(run.Errors), "InvalidInput", Command, ErrorCategory.InvalidArgument, "photos/*.jpg");
    }

    [Fact]
    public void WhatIf_SendsNothingAndWritesNothing()
    {
        var host = new RecordingHost();
        using ModuleShell shell = fixture.Shell(host);
        int before = RequestCount;

        HostedRun run = shell.Run("Compare-Image a.jpg b.jpg @Chat -WhatIf", fixture.Variables);

        ContractAssert.Clean(run);
        Assert.Empty(run.Output);
        Assert.Equal(before, RequestCount);
        Assert.Contains(host.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal));
        Assert.All(host.Lines, l => Assert.DoesNotContain(ModuleFixture.Key, l, StringComparison.Ordinal));
    }

    [Fact]
    public void Verbose_ShowsTheRequestButNeverTheKey()
    {
        HostedRun run = Run("Compare-Image a.jpg b.jpg @Chat -Verbose -InformationAction Ignore");

        ContractAssert.Clean(run);
        Assert.NotEmpty(run.Verbose);
        Assert.Contains(run.Verbose, v => v.Message.StartsWith("POST ", StringComparison.Ordinal));
    }

    public void Dispose() => _shell.Dispose();
}
