using System.Text.Json.Serialization;

namespace VisionPS.Core.History;

/// <summary>The journal's images column: [[source, sha256], ...].</summary>
[JsonSerializable(typeof(string[][]))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext
{
}
