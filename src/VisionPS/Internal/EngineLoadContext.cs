using System.Reflection;
using System.Runtime.Loader;

namespace VisionPS.Internal;

/// <summary>
/// The module's own AssemblyLoadContext, rooted at the module's Dependencies/ folder: VisionPS.Core and its whole
/// closure (VisionPS.Imaging, SixLabors.ImageSharp, System.Net.ServerSentEvents) load here, so another module that
/// brought a different ImageSharp into the session cannot break ours, nor we it (PowerShell's documented pattern,
/// "Resolving PowerShell module assembly dependency conflicts").
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly string _folder;

    private EngineLoadContext(string folder)
        : base("VisionPS")
    {
        _folder = folder;
    }

    public static EngineLoadContext Instance { get; } =
        new(Path.Combine(Path.GetDirectoryName(typeof(EngineLoadContext).Assembly.Location)!, "Dependencies"));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // What the folder holds loads here; anything else (the framework, PowerShell itself) falls back to the default context.
        string path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
