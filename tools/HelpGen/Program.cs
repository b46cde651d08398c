using System.Xml.Linq;
using VisionPS.HelpGen;

// HelpGen <docs/help folder> <output folder> <module dll name> [docs folder]
// Every <Verb-Noun>.md becomes part of <output>/<dll>-Help.xml; every about_*.md becomes <output>/about_*.help.txt, and
// so does every page of the docs folder whose front matter names an about topic (DocsTopic).
if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: HelpGen <markdown folder> <output folder> <module dll file name, e.g. VisionPS.dll> [docs folder]");
    return 2;
}

string source = args[0];
string target = args[1];
try
{
    Directory.CreateDirectory(target);
    var pages = Directory.GetFiles(source, "*.md").Order(StringComparer.Ordinal).ToList();
    var abouts = pages.Where(p => Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase)).ToList();
    var commands = pages.Except(abouts).Select(CommandHelpReader.Read).ToList();
    XDocument maml = MamlWriter.Write(commands);
    maml.Save(Path.Combine(target, $"{args[2]}-Help.xml"));
    foreach (string about in abouts)
    {
        string topic = Path.GetFileNameWithoutExtension(about);
        File.WriteAllText(Path.Combine(target, $"{topic}.help.txt"), AboutTopicWriter.Write(File.ReadAllText(about)));
    }

    foreach (string page in args.Length == 4 ? Directory.GetFiles(args[3], "*.md").Order(StringComparer.Ordinal).ToArray() : [])
    {
        if (DocsTopic.Read(page) is var (topic, markdown))
        {
            File.WriteAllText(Path.Combine(target, $"{topic}.help.txt"), AboutTopicWriter.Write(markdown));
            abouts.Add(page);
        }
    }

    Console.WriteLine($"HelpGen: {commands.Count} cmdlet page(s) and {abouts.Count} about topic(s) → {target}");
    return 0;
}
catch (Exception ex) when (ex is HelpFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
