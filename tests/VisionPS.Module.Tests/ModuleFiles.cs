using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace VisionPS.Module.Tests;

/// <summary>Where the module's files are, and what the built VisionPS.dll declares (read as metadata, not loaded).</summary>
internal static partial class ModuleFiles
{
    public static string RepoRoot { get; } = Metadata("RepoRoot");

    public static string OutDir => Path.Combine(RepoRoot, "out", "VisionPS");

    public static string Manifest => Path.Combine(RepoRoot, "VisionPS.psd1");

    public static string SmaReference => Path.Combine(Metadata("NuGetPackageRoot"), "powershellstandard.library", "5.1.0-preview-06", "lib", "netstandard2.0", "System.Management.Automation.dll");

    public static IReadOnlyList<string> ManifestList(string key)
    {
        string text = File.ReadAllText(Manifest);
        Match m = Regex.Match(text, key + @"\s*=\s*@\((?<items>[^)]*)\)", RegexOptions.Singleline);
        Assert.True(m.Success, $"{key} not found in the manifest");
        return Regex.Matches(m.Groups["items"].Value, "'(?<v>[^']+)'").Select(x => x.Groups["v"].Value).ToList();
    }

    public static string ManifestValue(string key)
    {
        Match m = Regex.Match(File.ReadAllText(Manifest), key + @"\s*=\s*'(?<v>[^']*)'");
        Assert.True(m.Success, $"{key} not found in the manifest");
        return m.Groups["v"].Value;
    }

    /// <summary>"Verb-Noun" of every [Cmdlet] class in the built module DLL.</summary>
    public static IReadOnlyList<string> CmdletsInDll()
    {
        using var stream = File.OpenRead(Path.Combine(OutDir, "VisionPS.dll"));
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
        {
            foreach (CustomAttributeHandle ah in md.GetTypeDefinition(handle).GetCustomAttributes())
            {
                CustomAttribute attribute = md.GetCustomAttribute(ah);
                if (attribute.Constructor.Kind != HandleKind.MemberReference)
                {
                    continue;
                }

                var parent = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                if (parent.Kind != HandleKind.TypeReference || md.GetString(md.GetTypeReference((TypeReferenceHandle)parent).Name) != "CmdletAttribute")
                {
                    continue;
                }

                BlobReader blob = md.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                names.Add(blob.ReadSerializedString() + "-" + blob.ReadSerializedString());
            }
        }

        return names;
    }

    /// <summary>Member names of PowerShell's ErrorCategory enum, from the reference assembly the module compiles against.</summary>
    public static IReadOnlySet<string> ErrorCategoryMembers()
    {
        using var stream = File.OpenRead(SmaReference);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        TypeDefinition type = md.TypeDefinitions.Select(md.GetTypeDefinition).Single(t => md.GetString(t.Name) == "ErrorCategory");
        return type.GetFields().Select(f => md.GetString(md.GetFieldDefinition(f).Name)).Where(n => n != "value__").ToHashSet();
    }

    private static string Metadata(string key) =>
        typeof(ModuleFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
