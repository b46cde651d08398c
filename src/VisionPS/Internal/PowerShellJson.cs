using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VisionPS.Internal;

/// <summary>PowerShell values (hashtables, PSCustomObjects from ConvertFrom-Json, arrays, scalars) as JSON.</summary>
internal static class PowerShellJson
{
    // Hashtables, ordered dictionaries, PSCustomObjects, arrays and scalars as PowerShell hands them over.
    public static JsonNode? ToNode(object? value)
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
