using System.Text.Json;

namespace VisionPS.TestServer.Batches;

/// <summary>One request line of an input file: its custom_id and its body (a detached clone).</summary>
internal sealed record BatchLine(string CustomId, JsonElement Body);

/// <summary>What became of one line: the output-file line or the error-file line, as JSON text.</summary>
internal sealed record LineOutcome(string CustomId, bool Succeeded, string Json);

/// <summary>A problem with the whole input file (spec BatchError); the batch fails with these.</summary>
internal sealed record BatchFileError(string Code, string Message, string? Param, int? Line);
