using System.Management.Automation;
using System.Text.Json;

namespace VisionPS.Internal;

/// <summary>
/// The parsed answer in PowerShell's terms: a PSCustomObject (arrays as object[], whole numbers as long), or an
/// instance of the type -Schema named. For Export-Csv, the result also shows the image it answers (Image) and
/// the answer's top-level fields as its own properties.
/// </summary>
internal static class StructuredData
{
    private static readonly JsonSerializerOptions TypedOptions = new() { PropertyNameCaseInsensitive = true, IncludeFields = false };

    public static object? Convert(JsonElement element, Type? targetType) =>
        targetType is null ? ToPowerShell(element) : element.Deserialize(targetType, TypedOptions);

    /// <summary>The result wrapped so that Select-Object * and Export-Csv see Image and the data's fields as columns.</summary>
    public static PSObject Flatten(ChatResult result)
    {
        var wrapped = new PSObject(result);
        wrapped.Properties.Add(new PSNoteProperty("Image", string.Join("; ", result.Images)));
        PSObject data = PSObject.AsPSObject(result.Data!);
        if (data.BaseObject is PSCustomObject || result.Data is not PSObject)
        {
            foreach (PSPropertyInfo property in data.Properties)
            {
                if (wrapped.Properties[property.Name] is null && property.IsGettable)
                {
                    wrapped.Properties.Add(new PSNoteProperty(property.Name, property.Value));
                }
            }
        }

        return wrapped;
    }

    private static object? ToPowerShell(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToObject(element),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPowerShell).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out long whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static PSObject ToObject(JsonElement element)
    {
        var result = new PSObject();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            result.Properties.Add(new PSNoteProperty(property.Name, ToPowerShell(property.Value)));
        }

        return result;
    }
}
