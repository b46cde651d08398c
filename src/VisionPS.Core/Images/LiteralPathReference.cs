namespace VisionPS.Core.Images;

/// <summary>A path taken from an object's property (FullName, PSPath, …): used literally, never as a wildcard.</summary>
public sealed record LiteralPathReference(string Path);
