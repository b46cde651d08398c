using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;
using VisionPS.Internal;

namespace VisionPS;

/// <summary>
/// On Import-Module, sends the default context's failed lookups for our engine assembly (VisionPS.Core, the only one
/// VisionPS.dll references; it is not beside VisionPS.dll but in Dependencies/) to <see cref="EngineLoadContext"/>.
/// Only this uniquely named assembly is redirected: everything it references (VisionPS.Imaging, ImageSharp) then
/// resolves inside our context first.
/// </summary>
/// <remarks>
/// PowerShell scans this assembly's public types before it calls <see cref="OnImport"/>, so no public type here may
/// hold a field of an engine value type (see InvokeVisionChatCommand.TokenLimitField).
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineAssembly = "VisionPS.Core";

    private static IReadOnlyList<Type> s_publicTypes = [];

    public void OnImport()
    {
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
        s_publicTypes = PublicTypeNames.Of(EngineLoadContext.Instance.LoadFromAssemblyName(new AssemblyName(EngineAssembly)));
        PublicTypeNames.Add(s_publicTypes);
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        PublicTypeNames.Remove(s_publicTypes);
        AssemblyLoadContext.Default.Resolving -= ResolveEngine;
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineAssembly ? EngineLoadContext.Instance.LoadFromAssemblyName(name) : null;
}
