using System.Reflection;
using System.Xml.Linq;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Module.Tests;

public class ModuleLayoutTests
{
    [Theory]
    [InlineData("VisionPS.psd1")]
    [InlineData("VisionPS.dll")]
    [InlineData("Dependencies/VisionPS.Core.dll")]
    [InlineData("Dependencies/VisionPS.Imaging.dll")]
    [InlineData("Dependencies/System.Net.ServerSentEvents.dll")]
    [InlineData("Dependencies/SixLabors.ImageSharp.dll")]
    [InlineData("Dependencies/Microsoft.Data.Sqlite.dll")]
    [InlineData("Dependencies/SQLitePCLRaw.core.dll")]
    [InlineData("Dependencies/SQLitePCLRaw.batteries_v2.dll")]
    [InlineData("Dependencies/SQLitePCLRaw.provider.e_sqlite3.dll")]
    [InlineData("Dependencies/runtimes/win-x64/native/e_sqlite3.dll")]
    [InlineData("Dependencies/runtimes/win-arm64/native/e_sqlite3.dll")]
    [InlineData("Dependencies/runtimes/linux-x64/native/libe_sqlite3.so")]
    [InlineData("Dependencies/runtimes/linux-arm64/native/libe_sqlite3.so")]
    [InlineData("Dependencies/runtimes/osx-x64/native/libe_sqlite3.dylib")]
    [InlineData("Dependencies/runtimes/osx-arm64/native/libe_sqlite3.dylib")]
    [InlineData("VisionPS.format.ps1xml")]
    [InlineData("VisionPS.types.ps1xml")]
    [InlineData("en-US/VisionPS.dll-Help.xml")]
    [InlineData("en-US/about_VisionPS.help.txt")]
    [InlineData("Samples/senate_message_1871.jpg")]
    public void OutFolder_HoldsTheModuleFiles(string file)
    {
        Assert.True(File.Exists(Path.Combine(ModuleFiles.OutDir, file)), $"{file} missing from {ModuleFiles.OutDir}");
    }

    [Fact]
    public void OutFolder_HoldsOnlyTheRootModuleBesideTheManifest_TheEngineLoadsFromDependencies()
    {
        Assert.Equal(["VisionPS.dll"], Directory.GetFiles(ModuleFiles.OutDir, "*.dll").Select(Path.GetFileName));
    }

    [Fact]
    public void OutFolder_DoesNotShipTheReferenceSystemManagementAutomation()
    {
        Assert.False(File.Exists(Path.Combine(ModuleFiles.OutDir, "System.Management.Automation.dll")));
    }

    [Fact]
    public void Manifest_ExportsExactlyTheCmdletsTheDllDeclares()
    {
        IReadOnlyList<string> exported = ModuleFiles.ManifestList("CmdletsToExport");
        IReadOnlyList<string> declared = ModuleFiles.CmdletsInDll();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.Order(), exported.Order());
    }

    [Fact]
    public void Manifest_TargetsPowerShell74CoreAndExportsNothingByWildcard()
    {
        Assert.Equal("7.4", ModuleFiles.ManifestValue("PowerShellVersion"));
        Assert.Equal(["Core"], ModuleFiles.ManifestList("CompatiblePSEditions"));
        Assert.Equal("VisionPS.dll", ModuleFiles.ManifestValue("RootModule"));
        Assert.Empty(ModuleFiles.ManifestList("FunctionsToExport"));
        Assert.Empty(ModuleFiles.ManifestList("AliasesToExport"));
    }

    [Fact]
    public void Manifest_VersionMatchesTheBuild()
    {
        string props = File.ReadAllText(Path.Combine(ModuleFiles.RepoRoot, "Directory.Build.props"));
        string version = XDocument.Parse(props).Descendants("ModuleVersion").Single().Value;

        Assert.Equal(version, ModuleFiles.ManifestValue("ModuleVersion"));
    }

    [Theory]
    [InlineData("VisionPS.format.ps1xml", "TypeName")]
    [InlineData("VisionPS.types.ps1xml", "Name")]
    public void FormatAndTypesFiles_NameTypesThatExist(string file, string element)
    {
        var doc = XDocument.Load(Path.Combine(ModuleFiles.OutDir, file));
        Assembly core = typeof(ErrorIds).Assembly;
        var names = element == "Name"
            ? doc.Root!.Elements("Type").Select(t => t.Element("Name")!.Value)
            : doc.Descendants(element).Select(e => e.Value);

        foreach (string name in names.Distinct())
        {
            Assert.True(core.GetType(name) is not null, $"{file} names {name}, which VisionPS.Core does not define");
        }
    }

    [Theory]
    [InlineData("about_VisionPS_Providers")]
    [InlineData("about_VisionPS_Batch")]
    [InlineData("about_VisionPS_Imaging")]
    [InlineData("about_VisionPS_Models")]
    [InlineData("about_VisionPS_Security")]
    [InlineData("about_VisionPS_Performance")]
    public void OutFolder_HoldsAnAboutTopicPerArea(string topic)
    {
        string path = Path.Combine(ModuleFiles.OutDir, "en-US", topic + ".help.txt");

        Assert.True(File.Exists(path), $"{topic}.help.txt missing from {ModuleFiles.OutDir}/en-US");
        Assert.StartsWith($"TOPIC\n    {topic}\n\nSHORT DESCRIPTION\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDocsPageThatNamesAnAboutTopic_IsBuiltIntoOne()
    {
        var named = Directory.GetFiles(Path.Combine(ModuleFiles.RepoRoot, "docs"), "*.md")
            .Select(File.ReadAllLines)
            .Where(lines => lines.Length > 0 && lines[0] == "---")
            .SelectMany(lines => lines.Skip(1).TakeWhile(l => l != "---").Where(l => l.StartsWith("about:", StringComparison.Ordinal)))
            .Select(l => l["about:".Length..].Trim())
            .ToList();

        Assert.NotEmpty(named);
        Assert.All(named, topic => Assert.True(File.Exists(Path.Combine(ModuleFiles.OutDir, "en-US", topic + ".help.txt")), $"{topic} is named in docs/ but was not built"));
    }

    [Fact]
    public void Manifest_HasNoPlaceholderUris_AndReleaseNotesNameTheCmdlets()
    {
        string manifest = File.ReadAllText(ModuleFiles.Manifest);

        Assert.DoesNotContain("ProjectUri", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("LicenseUri", manifest, StringComparison.Ordinal);
        Assert.All(["Invoke-VisionChat", "ConvertTo-ImagePart", "Compare-Image", "Submit-", "Set-"], name => Assert.Contains(name, manifest, StringComparison.Ordinal));
    }

    [Fact]
    public void ErrorCategories_UsedByCore_AllExistInPowerShell()
    {
        IReadOnlySet<string> members = ModuleFiles.ErrorCategoryMembers();
        var used = typeof(ErrorCategoryNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, members));
    }
}
