using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Imaging.Compare;

/// <summary>
/// Generated image pairs with known answers, made once per test run in a temp folder from one shared sample photo
/// (a real photo's spectrum; flat synthetic pictures make any DCT hash fragile) by the reference tools (ImageMagick,
/// libjpeg-turbo).
/// </summary>
public sealed class ComparisonPairs : IDisposable
{
    public const int Width = 512;
    public const int Height = 384;

    /// <summary>Where the "object added" variant has its 80x80 square.</summary>
    public static readonly (int X, int Y, int Size) AddedObject = (300, 200, 80);

    public ComparisonPairs()
    {
        Folder = Directory.CreateTempSubdirectory("visionps-compare-").FullName;
        Base = Path.Combine(Folder, "base.png");
        ReferenceTools.Run("convert", [SampleB, "-resize", $"{Width}x{Height}!", "-strip", Base], null);
        Magick("re-encoded.png", Base, "-define", "png:compression-level=1", "-define", "png:color-type=6");
        Magick("re-encoded.bmp", Base);
        Magick("photo.jpg", Base, "-quality", "90", "-set", "comment", "made by the comparison tests");
        File.WriteAllBytes(Path.Combine(Folder, "photo-stripped.jpg"), ReferenceTools.Run("jpegtran", ["-copy", "none", Path.Combine(Folder, "photo.jpg")], null));
        Magick("shifted.png", Base, "-roll", "+8+0");
        Magick("recoloured.png", Base, "-modulate", "100,100,150");
        (int x, int y, int s) = AddedObject;
        Magick("object-added.png", Base, "-fill", "rgb(20,20,20)", "-draw", $"rectangle {x},{y} {x + s - 1},{y + s - 1}");
    }

    public string Folder { get; }

    public string Base { get; }

    public string this[string name] => Path.Combine(Folder, name);

    public static string SampleA => Path.Combine(SharedPaths.Samples, "bird_northern_cardinal.jpg");

    public static string SampleB => Path.Combine(SharedPaths.Samples, "street_classic_cars.jpg");

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private void Magick(string name, string input, params string[] operations) =>
        ReferenceTools.Run("convert", [input, .. operations, Path.Combine(Folder, name)], null);
}
