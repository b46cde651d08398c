using System.Management.Automation;
using System.Reflection;

namespace VisionPS.Internal;

/// <summary>
/// Makes <c>[VisionPS.ChatResult]</c> and the other user-facing types (namespace <c>VisionPS</c> in the engine) resolve
/// in scripts: PowerShell finds type names only in the default load context, and the engine lives in ours. Uses the
/// type-accelerator table, as about_Classes documents for exporting types.
/// </summary>
internal static class PublicTypeNames
{
    private static readonly Type? Accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

    public static IReadOnlyList<Type> Of(Assembly engine) =>
        engine.GetExportedTypes().Where(t => t.Namespace == "VisionPS" && !t.IsNested).ToArray();

    public static void Add(IEnumerable<Type> types)
    {
        MethodInfo? add = Accelerators?.GetMethod("Add", [typeof(string), typeof(Type)]);
        foreach (Type type in types)
        {
            add?.Invoke(null, [type.FullName!, type]);
        }
    }

    public static void Remove(IEnumerable<Type> types)
    {
        MethodInfo? remove = Accelerators?.GetMethod("Remove", [typeof(string)]);
        foreach (Type type in types)
        {
            remove?.Invoke(null, [type.FullName!]);
        }
    }
}
