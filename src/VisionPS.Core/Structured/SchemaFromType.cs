using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;

namespace VisionPS.Core.Structured;

/// <summary>
/// A JSON Schema from a .NET type's public readable instance properties (PowerShell classes are .NET types too),
/// in the form strict mode accepts: every property required, no additional properties, nullable types as
/// <c>["type", "null"]</c>. Nested classes become nested objects; collections become arrays.
/// </summary>
public static class SchemaFromType
{
    public static JsonObject Build(Type type) => ObjectSchema(type, new HashSet<Type>());

    private static JsonObject ObjectSchema(Type type, HashSet<Type> open)
    {
        if (!open.Add(type))
        {
            throw new ArgumentException($"{type.Name} refers to itself; a schema for it would never end. Pass a JSON Schema instead.");
        }

        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            properties[property.Name] = ValueSchema(property.PropertyType, open, NullableOf(property));
            required.Add(property.Name);
        }

        open.Remove(type);
        if (properties.Count == 0)
        {
            throw new ArgumentException($"{type.Name} has no public properties to make a schema from.");
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
            ["additionalProperties"] = false,
        };
    }

    private static bool NullableOf(PropertyInfo property)
    {
        if (property.PropertyType.IsValueType)
        {
            return Nullable.GetUnderlyingType(property.PropertyType) is not null;
        }

        // Reference types: nullable unless the C# annotations say otherwise (PowerShell classes have none: nullable).
        return new NullabilityInfoContext().Create(property).ReadState != NullabilityState.NotNull;
    }

    private static JsonNode ValueSchema(Type type, HashSet<Type> open, bool nullable)
    {
        Type bare = Nullable.GetUnderlyingType(type) ?? type;
        JsonObject schema;
        if (bare == typeof(DateTime) || bare == typeof(DateTimeOffset))
        {
            schema = Typed("string", nullable);
            schema["format"] = "date-time";
        }
        else if (bare == typeof(string) || bare == typeof(char) || bare == typeof(Guid) || bare == typeof(Uri))
        {
            schema = Typed("string", nullable);
        }
        else if (bare == typeof(bool))
        {
            schema = Typed("boolean", nullable);
        }
        else if (bare == typeof(int) || bare == typeof(long) || bare == typeof(short) || bare == typeof(byte) || bare == typeof(uint) || bare == typeof(ulong) || bare == typeof(ushort) || bare == typeof(sbyte))
        {
            schema = Typed("integer", nullable);
        }
        else if (bare == typeof(double) || bare == typeof(float) || bare == typeof(decimal))
        {
            schema = Typed("number", nullable);
        }
        else if (bare.IsEnum)
        {
            var values = new JsonArray(Enum.GetNames(bare).Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
            if (nullable)
            {
                values.Add(null);
            }

            schema = new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string", ["enum"] = values };
        }
        else if (ElementType(bare) is { } element)
        {
            schema = new JsonObject { ["type"] = nullable ? new JsonArray("array", "null") : "array", ["items"] = ValueSchema(element, open, nullable: false) };
        }
        else
        {
            JsonObject inner = ObjectSchema(bare, open);
            return nullable ? new JsonObject { ["anyOf"] = new JsonArray(inner, new JsonObject { ["type"] = "null" }) } : inner;
        }

        return schema;
    }

    private static JsonObject Typed(string name, bool nullable) =>
        new() { ["type"] = nullable ? new JsonArray(name, "null") : name };

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        Type? enumerable = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? typeof(string);
    }
}
