using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Matrix;

/// <summary>
/// The module's exported cmdlets as its own metadata describes them (Get-Command -Module VisionPS), and how the
/// matrix invokes each: values come from a table keyed by PARAMETER name, never by cmdlet, so a new cmdlet that
/// takes the usual parameters joins the matrix by itself, and one with a mandatory parameter nobody knows how to
/// fill makes <see cref="Invocation"/> fail with its name.
/// </summary>
public sealed class ModuleSurface
{
    /// <summary>What the matrix passes for a parameter, by name. $MatrixJob and $MatrixBatchId are made per case.</summary>
    private static readonly Dictionary<string, string> Values = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Prompt"] = "'Describe'",
        ["Image"] = "'photo.jpg'",
        ["ReferenceImage"] = "'photo.jpg'",
        ["DifferenceImage"] = "'photo.jpg'",
        ["Path"] = "'photo.jpg'",
        ["JobPath"] = "$MatrixJob",
        ["Id"] = "$MatrixBatchId",
    };

    /// <summary>Parameters filled when a cmdlet has them even though they are optional: what the command works on.</summary>
    private static readonly string[] Subjects = ["Image", "JobPath"];

    /// <summary>Switches added when present: they make a run ask the server afresh, or keep it from saving into profiles.</summary>
    private static readonly string[] Switches = ["Refresh", "NoSave"];

    private ModuleSurface(IReadOnlyList<CmdletInfo> cmdlets) => Cmdlets = cmdlets;

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    /// <summary>Every exported cmdlet built on the connection base (VisionCmdletBase): each one talks to a server.</summary>
    public IEnumerable<CmdletInfo> Connecting => Cmdlets.Where(c => DerivesFrom(c.ImplementingType, "VisionCmdletBase"));

    /// <summary>Every exported cmdlet that prepares images (it takes -MaxBytes).</summary>
    public IEnumerable<CmdletInfo> TakingImages => Cmdlets.Where(c => c.Parameters.ContainsKey("MaxBytes"));

    public static ModuleSurface Read(ModuleShell shell)
    {
        HostedRun run = shell.Run("Get-Command -Module VisionPS -CommandType Cmdlet");
        return new ModuleSurface(run.Output.Select(o => o.BaseObject).OfType<CmdletInfo>().OrderBy(c => c.Name).ToList());
    }

    /// <summary>Parameters that name an image; <see cref="Invocation"/> can give them another one.</summary>
    private static readonly string[] ImageParameters = ["Image", "ReferenceImage", "DifferenceImage", "Path"];

    /// <summary>The command line the matrix runs for <paramref name="cmdlet"/>, with <paramref name="extra"/> appended.</summary>
    /// <param name="cmdlet">The cmdlet, as Get-Command describes it.</param>
    /// <param name="extra">Arguments appended as they are (a case's connection or image arguments).</param>
    /// <param name="image">The image every image parameter gets (quoted PowerShell), instead of photo.jpg.</param>
    /// <exception cref="InvalidOperationException">No parameter set can be filled from the value table.</exception>
    /// <summary>True for a parameter that filters what was recorded (it takes wildcards) rather than naming something to use.</summary>
    public static bool IsFilter(ParameterMetadata parameter) => parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any();

    public static string Invocation(CmdletInfo cmdlet, string extra = "", string? image = null)
    {
        var problems = new List<string>();
        foreach (CommandParameterSetInfo set in cmdlet.ParameterSets.OrderByDescending(s => s.IsDefault))
        {
            string[] unknown = set.Parameters.Where(p => p.IsMandatory && !Values.ContainsKey(p.Name)).Select(p => "-" + p.Name).ToArray();
            if (unknown.Length > 0)
            {
                problems.Add($"set {set.Name}: {string.Join(", ", unknown)}");
                continue;
            }

            var words = new List<string> { cmdlet.Name };
            foreach (CommandParameterInfo p in set.Parameters.Where(p => p.IsMandatory || Subjects.Contains(p.Name, StringComparer.OrdinalIgnoreCase)))
            {
                if (Values.TryGetValue(p.Name, out string? value))
                {
                    value = image is not null && ImageParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase) ? image : value;
                    words.Add($"-{p.Name} {value}");
                }
            }

            words.AddRange(set.Parameters.Where(p => Switches.Contains(p.Name, StringComparer.OrdinalIgnoreCase)).Select(p => "-" + p.Name));
            words.Add(extra);
            return string.Join(' ', words).Trim();
        }

        throw new InvalidOperationException($"The contract matrix cannot invoke {cmdlet.Name}: no parameter set has only mandatory parameters it can fill ({string.Join("; ", problems)}). Add the parameter to ModuleSurface.Values.");
    }

    /// <summary>True when the invocation needs a batch job made first ($MatrixJob / $MatrixBatchId).</summary>
    public static bool NeedsJob(string invocation) => invocation.Contains("$MatrixJob", StringComparison.Ordinal) || invocation.Contains("$MatrixBatchId", StringComparison.Ordinal);

    private static bool DerivesFrom(Type? type, string name)
    {
        for (Type? t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
