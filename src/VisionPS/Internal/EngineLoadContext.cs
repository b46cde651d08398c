using System.Reflection;
using System.Runtime.InteropServices;
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
        // What the folder holds loads here; anything else (the framework, PowerShell itself) falls back to the default
        // context. A build precompiled for this platform and runtime (Dependencies/<rid>-net<major>/, ReadyToRun) comes
        // before the portable one; another runtime would ignore its native code and run its IL.
        string file = assemblyName.Name + ".dll";
        foreach (string path in new[] { Path.Combine(_folder, $"{RuntimeId()}-net{Environment.Version.Major}", file), Path.Combine(_folder, file) })
        {
            if (File.Exists(path))
            {
                return LoadFromAssemblyPath(path);
            }
        }

        return null;
    }

    /// <summary>
    /// Native libraries the folder ships (e_sqlite3 for the run journal) under runtimes/&lt;rid&gt;/native/, the NuGet layout.
    /// The default probing looks only next to the host, so without this SQLitePCLRaw's DllImport fails.
    /// </summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string native = Path.Combine(_folder, "runtimes", RuntimeId(), "native");
        foreach (string name in NativeFileNames(unmanagedDllName))
        {
            string path = Path.Combine(native, name);
            if (File.Exists(path))
            {
                return LoadUnmanagedDllFromPath(path);
            }
        }

        return IntPtr.Zero;
    }

    private static string RuntimeId()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => "x64",
        };
        return os + "-" + arch;
    }

    private static IEnumerable<string> NativeFileNames(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows())
        {
            yield return name + ".dll";
        }
        else
        {
            string ext = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
            yield return name + ext;
            yield return "lib" + name + ext;
        }
    }
}
