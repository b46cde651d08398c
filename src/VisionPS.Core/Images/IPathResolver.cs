namespace VisionPS.Core.Images;

/// <summary>Turns user paths into file-system paths; PowerShell's provider does it in the module, plain .NET in tests.</summary>
public interface IPathResolver
{
    /// <summary>A -Path value: may contain wildcards; may resolve to several files.</summary>
    IReadOnlyList<string> Resolve(string path);

    /// <summary>A -LiteralPath value: never a wildcard.</summary>
    string ResolveLiteral(string path);
}
