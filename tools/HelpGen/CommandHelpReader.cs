using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;

namespace VisionPS.HelpGen;

/// <summary>Reads a cmdlet page in platyPS layout: # Name, then ## SYNOPSIS … ## RELATED LINKS.</summary>
internal static partial class CommandHelpReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    public static CommandHelp Read(string path)
    {
        MarkdownDocument document = Markdown.Parse(File.ReadAllText(path), Pipeline);
        string name = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1) is { } title
            ? PlainText.Of(title.Inline)
            : throw new HelpFormatException(path, "it has no '# Name' heading");
        Dictionary<string, List<Block>> sections = Sections(document);

        List<Block> Section(string heading) => sections.TryGetValue(heading, out List<Block>? blocks)
            ? blocks
            : throw new HelpFormatException(path, $"it has no '## {heading}' section");

        return new CommandHelp(
            name,
            string.Join(" ", Section("SYNOPSIS").SelectMany(PlainText.Paragraphs)),
            Section("DESCRIPTION").SelectMany(PlainText.Paragraphs).ToList(),
            Subsections(Section("SYNTAX")).Select(s => s.Title).ToList(),
            Subsections(Section("EXAMPLES")).Select(ReadExample).ToList(),
            Subsections(Section("PARAMETERS")).Where(s => s.Title.StartsWith('-')).Select(s => ReadParameter(path, s)).ToList(),
            Subsections(Section("INPUTS")).Select(ReadType).ToList(),
            Subsections(Section("OUTPUTS")).Select(ReadType).ToList(),
            Section("NOTES").SelectMany(PlainText.Paragraphs).ToList(),
            sections.TryGetValue("RELATED LINKS", out List<Block>? links) ? links.SelectMany(PlainText.Paragraphs).ToList() : []);
    }

    private static Dictionary<string, List<Block>> Sections(MarkdownDocument document)
    {
        var sections = new Dictionary<string, List<Block>>(StringComparer.OrdinalIgnoreCase);
        List<Block>? current = null;
        foreach (Block block in document)
        {
            if (block is HeadingBlock { Level: <= 2 } heading)
            {
                current = heading.Level == 2 ? sections[PlainText.Of(heading.Inline)] = [] : null;
            }
            else
            {
                current?.Add(block);
            }
        }

        return sections;
    }

    private static IEnumerable<(string Title, List<Block> Blocks)> Subsections(List<Block> section)
    {
        (string Title, List<Block> Blocks)? current = null;
        foreach (Block block in section)
        {
            if (block is HeadingBlock { Level: 3 } heading)
            {
                if (current is { } done)
                {
                    yield return done;
                }

                current = (PlainText.Of(heading.Inline), []);
            }
            else
            {
                current?.Blocks.Add(block);
            }
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    private static ExampleHelp ReadExample((string Title, List<Block> Blocks) example)
    {
        string? notRun = example.Blocks.OfType<HtmlBlock>()
            .Select(h => NotRunMarker().Match(h.Lines.ToString()))
            .FirstOrDefault(m => m.Success)?.Groups[1].Value.Trim();
        FencedCodeBlock? code = example.Blocks.OfType<FencedCodeBlock>().FirstOrDefault(IsPowerShell);
        var remarks = example.Blocks.Where(b => b != code).SelectMany(PlainText.Paragraphs).ToList();
        return new ExampleHelp(example.Title, code is null ? string.Empty : PlainText.Code(code), remarks, notRun);
    }

    private static bool IsPowerShell(FencedCodeBlock code) => code.Info is { } info && info.Equals("powershell", StringComparison.OrdinalIgnoreCase);

    private static ParameterHelp ReadParameter(string path, (string Title, List<Block> Blocks) parameter)
    {
        FencedCodeBlock yaml = parameter.Blocks.OfType<FencedCodeBlock>().FirstOrDefault(b => b.Info == "yaml")
            ?? throw new HelpFormatException(path, $"parameter {parameter.Title} has no ```yaml block");
        var facts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in PlainText.Code(yaml).Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
            {
                facts[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var description = parameter.Blocks.Where(b => b is not FencedCodeBlock).SelectMany(PlainText.Paragraphs).ToList();
        return new ParameterHelp(parameter.Title.TrimStart('-'), description, facts);
    }

    private static TypeHelp ReadType((string Title, List<Block> Blocks) type) =>
        new(type.Title, type.Blocks.SelectMany(PlainText.Paragraphs).ToList());

    [GeneratedRegex(@"<!--\s*not run:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex NotRunMarker();
}
