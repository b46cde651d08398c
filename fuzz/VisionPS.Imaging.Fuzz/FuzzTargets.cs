using VisionPS.Imaging.Exif;
using VisionPS.Imaging.Sources;
using VisionPS.Imaging.Sources.Pdf;

namespace VisionPS.Imaging.Fuzz;

/// <summary>
/// One entry point per reader of untrusted bytes. A target returns normally for any input, or raises one of our own
/// <see cref="ImageFormatException"/> types; anything else (an index out of range, a null reference, an overflow)
/// escapes and is a crash to afl-fuzz and a failure to the regression test that replays fuzz/regressions.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Small enough that a hostile header cannot make a fuzz run allocate hundreds of megabytes.</summary>
    private const long PixelLimit = 4_000_000;

    private static readonly DecodeOptions FullSize = new() { MaxPixels = PixelLimit };

    /// <summary>The smallest the JPEG decoder may go: exercises the 1/8 reduced IDCT.</summary>
    private static readonly DecodeOptions Smallest = new() { MaxPixels = PixelLimit, MinimumWidth = 1, MinimumHeight = 1 };

    public static IReadOnlyList<string> Names { get; } = ["jpeg", "png", "gif", "bmp", "exif", "strip", "identify", "imagesharp", "pdf"];

    public static Action<byte[]> For(string name) => name switch
    {
        "jpeg" => data => Expect(() => { Decode(data, FullSize); Decode(data, Smallest); }),
        "png" or "gif" or "bmp" => data => Expect(() => Decode(data, FullSize)),
        "exif" => data => ExifOrientationReader.ReadFromExifPayload(data),
        "strip" => data => Expect(() => BuiltInImageEngine.Instance.StripMetadata(data, "fuzz")),
        "identify" => Identify,

        // WebP and TIFF: our header readers and pixel gate first, then ImageSharp 2.1.13.
        // Page 2 too: a later TIFF page goes to ImageSharp as a TIFF of its own (TiffPageExtractor).
        "imagesharp" => data =>
        {
            Expect(() => BuiltInImageEngine.Instance.Decode(data, FullSize, "fuzz").Dispose());
            Expect(() => BuiltInImageEngine.Instance.Decode(data, FullSize with { Page = 1 }, "fuzz").Dispose());
        },
        // PDF pages (PdfPig 0.1.16 and our page/filter handling), then each page image through the decoders as Core would.
        "pdf" => data => Expect(() =>
        {
            foreach (SourceImage page in PdfPageSource.Instance.Read(new SourceInput("fuzz", null, data), new SourceOptions { MaxPixels = PixelLimit }).Where(p => p.HasImage))
            {
                Expect(() => BuiltInImageEngine.Instance.Decode(page.Data.Span, FullSize, "fuzz").Dispose());
            }
        }),
        _ => throw new ArgumentException($"Unknown fuzz target '{name}'. Targets: {string.Join(", ", Names)}.", nameof(name)),
    };

    private static void Decode(byte[] data, DecodeOptions options)
    {
        BuiltInImageEngine.Instance.EstimateJpegQuality(data);
        BuiltInImageEngine.Instance.Decode(data, options, "fuzz").Dispose();
    }

    private static void Identify(byte[] data)
    {
        Expect(() => BuiltInImageEngine.Instance.Identify(data, "fuzz"));
        using var stream = new MemoryStream(data, writable: false);
        Expect(() => ImageIdentifier.Identify(stream, "fuzz"));
    }

    private static void Expect(Action action)
    {
        try
        {
            action();
        }
        catch (ImageFormatException)
        {
            // The documented outcome for bad data.
        }
    }
}
