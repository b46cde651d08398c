using VisionPS.HelpGen;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Help;

/// <summary>The cmdlet pages in docs/help, read the way tools/HelpGen reads them for the build.</summary>
internal static class HelpPages
{
    public static IEnumerable<string> CommandPagePaths() => Directory.GetFiles(RepoPaths.HelpPages, "*.md")
        .Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal);

    public static CommandHelp Read(string cmdlet) => CommandHelpReader.Read(Path.Combine(RepoPaths.HelpPages, cmdlet + ".md"));

    /// <summary>Every example of every page: (cmdlet, example number) for a theory.</summary>
    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in CommandPagePaths())
        {
            CommandHelp page = CommandHelpReader.Read(path);
            for (int i = 1; i <= page.Examples.Count; i++)
            {
                data.Add(page.Name, i);
            }
        }

        return data;
    }
}
