namespace VisionPS.HelpGen;

/// <summary>One cmdlet's help as read from its markdown page.</summary>
internal sealed record CommandHelp(
    string Name,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string> RelatedLinks);

/// <summary>An example: its title, the code, and what follows it (output blocks and remarks).</summary>
internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks, string? NotRunReason);

/// <summary>An input or output type and what it means.</summary>
internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);
