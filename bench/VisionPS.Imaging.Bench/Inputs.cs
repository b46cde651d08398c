namespace VisionPS.Imaging.Bench;

/// <summary>
/// The benchmark's files, made at run time: 12 MP JPEGs (4000x3000, 4:2:0, quality 90, a little noise so they code
/// like camera photos) from ../shared/samples, and 1,000 files to identify.
/// </summary>
internal sealed class Inputs
{
    public required string Directory { get; init; }

    public required IReadOnlyList<string> TwelveMegapixel { get; init; }

    public required IReadOnlyList<string> IdentifySet { get; init; }

    public static Inputs Make(string shared, string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        string samples = Path.Combine(shared, "samples");
        var photos = new List<string>();
        foreach (string sample in System.IO.Directory.GetFiles(samples, "*.jpg").Order())
        {
            string output = Path.Combine(directory, "12mp-" + Path.GetFileName(sample));
            if (!File.Exists(output))
            {
                Shell.Run($"convert {Shell.Quote(sample)} -resize 4000x3000^ -gravity center -extent 4000x3000 -attenuate 0.3 +noise Gaussian " +
                    $"-sampling-factor 2x2 -quality 90 {Shell.Quote(output)}");
            }

            photos.Add(output);
        }

        string images = Path.Combine(shared, "testdata", "images");
        string[] sources = System.IO.Directory.GetFiles(images, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("corrupt", StringComparison.Ordinal) && !f.EndsWith(".tsv", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal))
            .Order()
            .ToArray();
        string identifyDirectory = Path.Combine(directory, "identify");
        System.IO.Directory.CreateDirectory(identifyDirectory);
        var set = new List<string>();
        for (int i = 0; i < 1000; i++)
        {
            string source = sources[i % sources.Length];
            string copy = Path.Combine(identifyDirectory, $"{i:D4}{Path.GetExtension(source)}");
            if (!File.Exists(copy))
            {
                File.Copy(source, copy);
            }

            set.Add(copy);
        }

        return new Inputs { Directory = directory, TwelveMegapixel = photos, IdentifySet = set };
    }
}
