using System.Xml.Linq;

namespace VisionPS.HelpGen;

/// <summary>Writes cmdlet help as MAML, the XML that Get-Help reads from en-US/&lt;module dll&gt;-Help.xml.</summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<CommandHelp> commands) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(
            Msh + "helpItems",
            new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            commands.Select(CommandElement)));

    private static XElement CommandElement(CommandHelp help)
    {
        string[] verbNoun = help.Name.Split('-', 2);
        return new XElement(
            Command + "command",
            new XElement(
                Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", verbNoun[0]),
                new XElement(Command + "noun", verbNoun.Length > 1 ? verbNoun[1] : string.Empty),
                Description([help.Synopsis])),
            Description(help.Description),
            new XElement(Command + "syntax", SyntaxSets(help).Select(set => SyntaxItem(help, set))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, includeSets: true))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement(Command + "inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement(Command + "returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select((e, i) => Example(e, i + 1))),
            new XElement(Command + "relatedLinks", help.RelatedLinks.Select(Link)));
    }

    // platyPS names the only set of a cmdlet without sets "__AllParameterSets".
    private static IEnumerable<string> SyntaxSets(CommandHelp help) => help.ParameterSets.Count > 0 ? help.ParameterSets : ["__AllParameterSets"];

    private static XElement SyntaxItem(CommandHelp help, string set) => new(
        Command + "syntaxItem",
        new XElement(Maml + "name", help.Name),
        help.Parameters
            .Where(p => set == "__AllParameterSets" || p.InSet(set))
            .OrderBy(p => p.Position == "named" ? int.MaxValue : int.Parse(p.Position, System.Globalization.CultureInfo.InvariantCulture))
            .Select(p => Parameter(p, includeSets: false)));

    private static XElement Parameter(ParameterHelp parameter, bool includeSets) => new(
        Command + "parameter",
        new XAttribute("required", parameter.Required ? "true" : "false"),
        new XAttribute("variableLength", parameter.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
        new XAttribute("globbing", parameter.Wildcards ? "true" : "false"),
        new XAttribute("pipelineInput", parameter.PipelineInput),
        new XAttribute("position", parameter.Position),
        new XAttribute("aliases", parameter.Aliases),
        new XElement(Maml + "name", parameter.Name),
        Description(parameter.Description),
        parameter.IsSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), parameter.Type),
        new XElement(Dev + "type", new XElement(Maml + "name", parameter.Type), new XElement(Maml + "uri")),
        new XElement(Dev + "defaultValue", parameter.IsSwitch && parameter.DefaultValue == "None" ? "False" : parameter.DefaultValue),
        includeSets && parameter.Sets.Count > 0 ? new XElement(Command + "parameterSets", parameter.Sets.Select(s => new XElement(Command + "parameterSet", s))) : null);

    private static XElement TypeElement(XName name, TypeHelp type) => new(
        name,
        new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
        Description(type.Description));

    private static XElement Example(ExampleHelp example, int number) => new(
        Command + "example",
        new XElement(Maml + "title", $"--------- {(example.Title.StartsWith("Example", StringComparison.OrdinalIgnoreCase) ? example.Title : $"Example {number}: {example.Title}")} ---------"),
        new XElement(Dev + "code", example.Code),
        new XElement(Dev + "remarks", Paras(example.Remarks)));

    private static XElement Link(string text)
    {
        // "[text](uri)" became "text" in PlainText; a bare URL is kept as the uri.
        bool isUri = Uri.TryCreate(text, UriKind.Absolute, out _);
        return new XElement(
            Maml + "navigationLink",
            new XElement(Maml + "linkText", isUri ? string.Empty : text),
            new XElement(Maml + "uri", isUri ? text : string.Empty));
    }

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) => paragraphs.Select(p => new XElement(Maml + "para", p));
}
