using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests;

/// <summary>One row of shared/testdata/images/MANIFEST.tsv.</summary>
/// <param name="Path">Path relative to the images folder.</param>
/// <param name="Format">jpeg, png, gif, webp, bmp or unknown.</param>
/// <param name="Width">Stored width, or null for "-" (header unreadable).</param>
/// <param name="Height">Stored height, or null for "-".</param>
/// <param name="Orientation">EXIF orientation; 1 when absent.</param>
internal sealed record ImageManifestEntry(string Path, string Format, int? Width, int? Height, int Orientation)
{
    public string FullPath => System.IO.Path.Combine(SharedPaths.TestImages, Path);

    public ImageFormat ExpectedFormat => Format switch
    {
        "jpeg" => ImageFormat.Jpeg,
        "png" => ImageFormat.Png,
        "gif" => ImageFormat.Gif,
        "webp" => ImageFormat.WebP,
        "bmp" => ImageFormat.Bmp,
        "unknown" => ImageFormat.Unknown,
        _ => throw new InvalidDataException($"MANIFEST.tsv: unexpected format '{Format}' for {Path}"),
    };
}

/// <summary>Reads MANIFEST.tsv (columns: path, format, width, height, orientation, notes, source, license).</summary>
internal static class ImageManifest
{
    private static readonly Lazy<IReadOnlyList<ImageManifestEntry>> LazyEntries = new(Load);

    public static IReadOnlyList<ImageManifestEntry> Entries => LazyEntries.Value;

    public static ImageManifestEntry Get(string path) =>
        Entries.SingleOrDefault(entry => entry.Path == path) ?? throw new KeyNotFoundException($"{path} is not in MANIFEST.tsv");

    private static List<ImageManifestEntry> Load()
    {
        string[] lines = File.ReadAllLines(Path.Combine(SharedPaths.TestImages, "MANIFEST.tsv"));
        string[] header = lines[0].Split('\t');
        if (header.Length < 5 || header[0] != "path" || header[1] != "format" || header[2] != "width" || header[3] != "height" || header[4] != "orientation")
        {
            throw new InvalidDataException("MANIFEST.tsv: unexpected header " + lines[0]);
        }

        return lines.Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(cells => new ImageManifestEntry(cells[0], cells[1], ParseSize(cells[2]), ParseSize(cells[3]), int.Parse(cells[4])))
            .ToList();
    }

    private static int? ParseSize(string cell) => cell == "-" ? null : int.Parse(cell);
}
