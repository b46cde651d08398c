using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Decoding;

public sealed class PngDecoderTests
{
    public static TheoryData<string> ManifestPngs => DecodingFixtures.ManifestImages("png");

    [Theory]
    [MemberData(nameof(ManifestPngs))]
    public void Manifest_png_decodes_to_ImageMagick_pixels(string path)
    {
        DecodingFixtures.AssertMatchesMagick(SharedPaths.Image(path));
    }

    public static TheoryData<string, int> ColourTypesAndDepths => new()
    {
        { "gray", 1 }, { "gray", 2 }, { "gray", 4 }, { "gray", 8 }, { "gray", 16 },
        { "rgb", 8 }, { "rgb", 16 },
        { "palette", 1 }, { "palette", 2 }, { "palette", 4 }, { "palette", 8 },
        { "grayalpha", 8 }, { "grayalpha", 16 },
        { "rgba", 8 }, { "rgba", 16 },
    };

    [Theory]
    [MemberData(nameof(ColourTypesAndDepths))]
    public void Every_colour_type_and_depth_matches_ImageMagick(string kind, int depth)
    {
        foreach (bool interlaced in new[] { false, true })
        {
            string path = GeneratePng(kind, depth, interlaced);
            AssertIhdr(path, kind, depth, interlaced);
            PixelBuffer ours = DecodingFixtures.AssertMatchesMagick(path);
            Assert.Equal(kind is "grayalpha" or "rgba", ours.HasAlpha);
        }
    }

    [Fact]
    public void Sample_photos_converted_to_png_match_ImageMagick()
    {
        string[] photos = Directory.GetFiles(SharedPaths.Samples, "*.jp*g");
        Assert.NotEmpty(photos);
        foreach (string photo in photos)
        {
            string path = DecodingFixtures.Generate("photo-" + Path.GetFileNameWithoutExtension(photo) + ".png", photo);
            DecodingFixtures.AssertMatchesMagick(path);
        }
    }

    // Sizes that leave some Adam7 passes empty or one pixel wide.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 9)]
    [InlineData(17, 3)]
    public void Small_interlaced_images_match_ImageMagick(int width, int height)
    {
        string path = DecodingFixtures.Generate($"small-{width}x{height}.png", "-size", $"{width}x{height}", "plasma:", "-interlace", "PNG", "PNG24:");
        Assert.Equal(1, Ihdr(path)[12]);
        DecodingFixtures.AssertMatchesMagick(path);
    }

    private static string GeneratePng(string kind, int depth, bool interlaced)
    {
        string name = $"{kind}-{depth}{(interlaced ? "-adam7" : string.Empty)}.png";
        List<string> args = ["-size", "61x37", "gradient:red-blue", "-swirl", "90"];
        switch (kind)
        {
            case "gray":
                args.AddRange(["-colorspace", "Gray"]);
                if (depth < 8)
                {
                    args.AddRange(["-colors", (1 << depth).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                }

                args.AddRange(["-depth", Str(depth), "-define", "png:color-type=0", "-define", "png:bit-depth=" + Str(depth)]);
                break;
            case "rgb":
                args.AddRange(["-depth", Str(depth), "-define", "png:color-type=2", "-define", "png:bit-depth=" + Str(depth)]);
                break;
            case "palette":
                args.AddRange(["-colors", Str(1 << depth), "-depth", Str(depth), "-define", "png:color-type=3", "-define", "png:bit-depth=" + Str(depth)]);
                break;
            case "grayalpha":
                args.AddRange(["-colorspace", "Gray", "(", "-size", "61x37", "gradient:white-none", ")", "-compose", "CopyOpacity", "-composite",
                    "-depth", Str(depth), "-define", "png:color-type=4", "-define", "png:bit-depth=" + Str(depth)]);
                break;
            default:
                args.AddRange(["(", "-size", "61x37", "gradient:white-none", ")", "-compose", "CopyOpacity", "-composite",
                    "-depth", Str(depth), "-define", "png:color-type=6", "-define", "png:bit-depth=" + Str(depth)]);
                break;
        }

        if (interlaced)
        {
            args.AddRange(["-interlace", "PNG"]);
        }

        return DecodingFixtures.Generate(name, [.. args]);
    }

    private static string Str(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Ihdr(string path) => File.ReadAllBytes(path).AsSpan(16, 13).ToArray();

    // Makes sure ImageMagick wrote what was asked for, not a "better" type.
    private static void AssertIhdr(string path, string kind, int depth, bool interlaced)
    {
        byte[] ihdr = Ihdr(path);
        int colourType = kind switch { "gray" => 0, "rgb" => 2, "palette" => 3, "grayalpha" => 4, _ => 6 };
        Assert.Equal((depth, colourType, interlaced ? 1 : 0), (ihdr[8], ihdr[9], ihdr[12]));
    }
}
