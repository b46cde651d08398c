using System.Collections.ObjectModel;
using System.Management.Automation;
using VisionPS.Core.Images;

namespace VisionPS.Internal;

/// <summary>
/// PowerShell-side path handling: provider paths (drives, ~, relative to $PWD) and wildcards.
/// Everything else about inputs is decided in Core (ImageInputReader).
/// </summary>
internal sealed class PathResolver : IPathResolver
{
    private static readonly string[] PathProperties = ["FullName", "PSPath", "LiteralPath", "Path"];
    private readonly PSCmdlet _cmdlet;

    public PathResolver(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    /// <summary>The base object; a FileInfo stays itself; a custom object with a path property becomes a literal path.</summary>
    public static object? Unwrap(object? input)
    {
        if (input is not PSObject pso)
        {
            return input;
        }

        if (pso.BaseObject is not PSCustomObject)
        {
            return pso.BaseObject;
        }

        foreach (string name in PathProperties)
        {
            if (pso.Properties[name]?.Value?.ToString() is { Length: > 0 } path)
            {
                return new LiteralPathReference(path);
            }
        }

        return pso;
    }

    /// <summary>Wildcards expand; a literal file that exists wins over a pattern (names with [ ] are common).</summary>
    public IReadOnlyList<string> Resolve(string path)
    {
        string literal = ResolveLiteral(path);
        if (File.Exists(literal) || !WildcardPattern.ContainsWildcardCharacters(path))
        {
            return [literal];
        }

        Collection<string> resolved;
        ProviderInfo provider;
        try
        {
            resolved = _cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
        }
        catch (ItemNotFoundException ex)
        {
            throw new FileNotFoundException($"No file matches '{path}'.", path, ex);
        }

        if (provider.Name != "FileSystem")
        {
            throw new ArgumentException($"'{path}' is not a file-system path (it is on the {provider.Name} provider).");
        }

        return resolved.Count == 0 ? throw new FileNotFoundException($"No file matches '{path}'.", path) : resolved;
    }

    public string ResolveLiteral(string path) => _cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
