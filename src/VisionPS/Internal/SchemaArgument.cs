using System.Management.Automation;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Structured;

namespace VisionPS.Internal;

/// <summary>What -Schema accepts, as a Core <see cref="OutputSchema"/>: JSON text, a hashtable, or a type.</summary>
internal static class SchemaArgument
{
    public static OutputSchema ToSchema(object value)
    {
        object? bare = value is PSObject pso ? pso.BaseObject : value;
        return bare switch
        {
            string json => OutputSchema.FromJson(json),
            Type type => FromType(type),
            System.Collections.IDictionary or PSCustomObject => OutputSchema.FromJson(PowerShellJson.ToNode(value)!.ToJsonString()),
            _ => throw new VisionArgumentException(
                ErrorIds.InvalidSchema,
                $"-Schema cannot be a {bare?.GetType().FullName ?? "null"}.",
                "Pass a JSON Schema (a string or a hashtable), or a type such as [MyReceipt] whose public properties make the schema."),
        };
    }

    private static OutputSchema FromType(Type type)
    {
        try
        {
            return OutputSchema.FromType(type);
        }
        catch (ArgumentException e)
        {
            throw new VisionArgumentException(ErrorIds.InvalidSchema, e.Message, "Pass a class with public properties, or a JSON Schema.");
        }
    }
}
