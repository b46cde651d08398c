using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
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
            IDictionary or PSCustomObject => OutputSchema.FromJson(ToNode(value)!.ToJsonString()),
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

    // Hashtables, ordered dictionaries, PSCustomObjects, arrays and scalars as PowerShell hands them over.
    private static JsonNode? ToNode(object? value)
    {
        object? bare = value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : value;
        switch (bare)
        {
            case null:
                return null;
            case IDictionary dictionary:
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    obj[entry.Key.ToString()!] = ToNode(entry.Value);
                }

                return obj;
            case PSObject custom:
                var fromObject = new JsonObject();
                foreach (PSPropertyInfo property in custom.Properties)
                {
                    fromObject[property.Name] = ToNode(property.Value);
                }

                return fromObject;
            case string text:
                return JsonValue.Create(text);
            case bool flag:
                return JsonValue.Create(flag);
            case int or long or short or byte:
                return JsonValue.Create(Convert.ToInt64(bare, System.Globalization.CultureInfo.InvariantCulture));
            case double or float or decimal:
                return JsonValue.Create(Convert.ToDouble(bare, System.Globalization.CultureInfo.InvariantCulture));
            case IEnumerable list:
                var array = new JsonArray();
                foreach (object? item in list)
                {
                    array.Add(ToNode(item));
                }

                return array;
            default:
                return JsonValue.Create(bare.ToString());
        }
    }
}
