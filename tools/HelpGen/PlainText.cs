using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace VisionPS.HelpGen;

/// <summary>Markdown blocks as the plain text that Get-Help shows (no markup characters).</summary>
internal static class PlainText
{
    public static string Of(ContainerInline? inline)
    {
        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString().Trim();
    }

    /// <summary>Paragraphs of a block: a list becomes one "- item" paragraph per item; code keeps its lines.</summary>
    public static IEnumerable<string> Paragraphs(Block block)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                yield return Of(paragraph.Inline);
                break;
            case ListBlock list:
                foreach (ListItemBlock item in list.OfType<ListItemBlock>())
                {
                    string text = string.Join(" ", item.SelectMany(Paragraphs));
                    yield return (list.IsOrdered ? $"{item.Order}. " : "- ") + text;
                }

                break;
            case FencedCodeBlock code:
                yield return Code(code);
                break;
            case QuoteBlock quote:
                foreach (Block inner in quote)
                {
                    foreach (string paragraph in Paragraphs(inner))
                    {
                        yield return paragraph;
                    }
                }

                break;
            case HtmlBlock:
                break;
            case LeafBlock leaf:
                yield return leaf.Lines.ToString().Trim();
                break;
        }
    }

    public static string Code(LeafBlock code) => string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())).TrimEnd();

    private static void Append(Inline? inline, StringBuilder text)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
            case HtmlInline:
                break;
            case ContainerInline container:
                foreach (Inline child in container)
                {
                    Append(child, text);
                }

                break;
        }
    }
}
