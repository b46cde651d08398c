using System.Text;

namespace VisionPS.HelpGen;

/// <summary>
/// A docs/*.md page that names an about topic in its front matter (<c>about: about_VisionPS_X</c>, <c>summary: …</c>),
/// rewritten into the about_ page layout <see cref="AboutTopicWriter"/> reads: the summary as SHORT DESCRIPTION, the
/// page as LONG DESCRIPTION with its sections one level down, and pipe tables kept as preformatted text. So
/// <c>Get-Help about_VisionPS_X</c> answers offline from the same text the README links to online.
/// </summary>
internal static class DocsTopic
{
    public static (string Topic, string Markdown)? Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != "---")
        {
            return null;
        }

        int end = Array.IndexOf(lines, "---", 1);
        if (end < 0)
        {
            throw new HelpFormatException(path, "the front matter has no closing '---'");
        }

        string? topic = Field(lines[1..end], "about");
        if (topic is null)
        {
            return null;
        }

        string summary = Field(lines[1..end], "summary") ?? throw new HelpFormatException(path, $"'about: {topic}' needs a 'summary:' line");
        var text = new StringBuilder($"# {topic}\n\n## SHORT DESCRIPTION\n\n{summary}\n\n## LONG DESCRIPTION\n\n");
        text.Append($"Online: docs/{Path.GetFileName(path)} in the VisionPS repository.\n\n");
        bool inCode = false, inTable = false;
        foreach (string line in lines[(end + 1)..])
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }

            bool tableLine = !inCode && line.StartsWith('|');
            if (tableLine != inTable)
            {
                text.Append(tableLine ? "```text\n" : "```\n");
                inTable = tableLine;
            }

            if (!inCode && !inTable && line.StartsWith("# ", StringComparison.Ordinal))
            {
                continue;
            }

            text.Append(!inCode && !inTable && line.StartsWith("##", StringComparison.Ordinal) ? "#" + line : line).Append('\n');
        }

        if (inTable)
        {
            text.Append("```\n");
        }

        return (topic, text.ToString());
    }

    private static string? Field(string[] frontMatter, string name) =>
        frontMatter.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();
}
