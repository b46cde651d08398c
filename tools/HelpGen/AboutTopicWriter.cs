using System.Text;
using Markdig;
using Markdig.Syntax;

namespace VisionPS.HelpGen;

/// <summary>
/// Turns an about_ page (# about_Name, ## SHORT DESCRIPTION, ## LONG DESCRIPTION, ### subtopics) into the plain text
/// of about_Name.help.txt: upper-case section titles, body indented by four spaces and wrapped at 80 columns.
/// </summary>
internal static class AboutTopicWriter
{
    private const int Width = 80;
    private const string Indent = "    ";

    public static string Write(string markdown)
    {
        MarkdownDocument document = Markdown.Parse(markdown, new MarkdownPipelineBuilder().UseYamlFrontMatter().Build());
        var text = new StringBuilder();
        foreach (Block block in document)
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 } title:
                    text.Append("TOPIC\n").Append(Indent).Append(PlainText.Of(title.Inline)).Append("\n\n");
                    break;
                case HeadingBlock { Level: 2 } section:
                    text.Append(PlainText.Of(section.Inline).ToUpperInvariant()).Append('\n');
                    break;
                case HeadingBlock heading:
                    text.Append(Indent).Append(PlainText.Of(heading.Inline)).Append('\n')
                        .Append(Indent).Append(new string('-', PlainText.Of(heading.Inline).Length)).Append("\n\n");
                    break;
                case FencedCodeBlock code:
                    foreach (string line in PlainText.Code(code).Split('\n'))
                    {
                        text.Append(Indent).Append(Indent).Append(line).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case Markdig.Extensions.Yaml.YamlFrontMatterBlock:
                    break;
                default:
                    foreach (string paragraph in PlainText.Paragraphs(block))
                    {
                        Wrap(paragraph, paragraph.StartsWith("- ", StringComparison.Ordinal) ? Indent + "  " : Indent, text);
                        text.Append(block is ListBlock ? string.Empty : "\n");
                    }

                    if (block is ListBlock)
                    {
                        text.Append('\n');
                    }

                    break;
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static void Wrap(string paragraph, string continuation, StringBuilder text)
    {
        var line = new StringBuilder(Indent);
        foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + word.Length + 1 > Width && line.Length > continuation.Length)
            {
                text.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(continuation);
            }

            line.Append(word).Append(' ');
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
