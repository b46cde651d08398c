namespace VisionPS.HelpGen;

/// <summary>A parameter's description and the facts from its yaml block.</summary>
internal sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyDictionary<string, string> Facts)
{
    public string Type => Fact("Type", "Object");

    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";

    public bool Required => Fact("Required", "False").StartsWith("True", StringComparison.OrdinalIgnoreCase);

    /// <summary>"named" or a number, as MAML writes it.</summary>
    public string Position => Fact("Position", "Named") is var p && int.TryParse(p, out _) ? p : "named";

    public string DefaultValue => Fact("Default value", "None");

    public string PipelineInput => Fact("Accept pipeline input", "False");

    public bool Wildcards => Fact("Accept wildcard characters", "False").StartsWith("True", StringComparison.OrdinalIgnoreCase);

    public string Aliases => Fact("Aliases", string.Empty) is { Length: > 0 } a ? a : "none";

    /// <summary>The parameter sets it belongs to; empty means all of them.</summary>
    public IReadOnlyList<string> Sets => Fact("Parameter Sets", "(All)") is var s && s.Trim() != "(All)"
        ? s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : [];

    public bool InSet(string set) => Sets.Count == 0 || Sets.Contains(set, StringComparer.OrdinalIgnoreCase);

    private string Fact(string key, string fallback) =>
        Facts.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : fallback;
}
