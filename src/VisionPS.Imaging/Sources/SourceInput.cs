namespace VisionPS.Imaging.Sources;

/// <summary>What a source reads: a file on disk, or bytes already in memory (a byte array, a data URL).</summary>
/// <param name="Name">The input's name for messages (a full path, or a short description of in-memory data).</param>
/// <param name="Path">The file, when the input is one; null for bytes.</param>
/// <param name="Data">The whole input, when it was read (always for bytes; for a file unless the source reads from its path).</param>
public sealed record SourceInput(string Name, string? Path, ReadOnlyMemory<byte> Data);
