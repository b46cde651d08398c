using System.Text.Json.Serialization;

namespace VisionPS.Core.Providers;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    MaxDepth = 16)]
[JsonSerializable(typeof(ProviderStoreDocument))]
internal sealed partial class ProviderJsonContext : JsonSerializerContext
{
}
