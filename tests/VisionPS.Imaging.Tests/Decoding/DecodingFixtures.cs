using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Decoding;

/// <summary>Manifest rows per format, ImageMagick-generated files in a temp folder, and the exact-match assertion.</summary>
internal static class DecodingFixtures
{
    /// <summary>Manifest paths of the given formats that are not under corrupt/.</summary>
    public static TheoryData<string> ManifestImages(params string[] formats)
    {
        var data = new TheoryData<string>();
        foreach (ImageManifestEntry entry in ImageManifest.Entries)
        {
            if (formats.Contains(entry.Format) && !entry.Path.StartsWith("corrupt/", StringComparison.Ordinal))
            {
                data.Add(entry.Path);
            }
        }

        return data;
    }

    /// <summary>Runs <c>convert</c> with <paramref name="args"/>, writing <paramref name="output"/> (e.g. "BMP3:x.bmp") in a fresh temp folder; returns the file's path.</summary>
    public static string Generate(string fileName, params string[] args)
    {
        string directory = Path.Combine(Path.GetTempPath(), "visionps-decoding-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        string prefix = args.Length > 0 && args[^1].EndsWith(':') ? args[^1] : string.Empty;
        string[] inputArgs = prefix.Length > 0 ? args[..^1] : args;
        ReferenceTools.Run("convert", [.. inputArgs, prefix + path], stdin: null);
        return path;
    }

    /// <summary>Decodes through the facade and asserts every sample equals ImageMagick's decode.</summary>
    public static PixelBuffer AssertMatchesMagick(string path, params string[] magickArgs)
    {
        PixelBuffer ours = BuiltInImageEngine.Instance.Decode(File.ReadAllBytes(path), DecodeOptions.Default, Path.GetFileName(path));
        RawImage reference = WithoutGrayAlpha(ReferenceTools.MagickRgba(path, magickArgs));
        Assert.Equal(0, ImageCompare.MaxDifference(reference, ours));
        return ours;
    }

    /// <summary>ImageMagick writes gray images as GRAYSCALE_ALPHA PAM (2 channels); expands those to RGBA.</summary>
    public static RawImage WithoutGrayAlpha(RawImage image)
    {
        if (image.Channels != 2)
        {
            return image;
        }

        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, n = image.Width * image.Height; i < n; i++)
        {
            byte gray = image.Data[i * 2];
            rgba[i * 4] = rgba[(i * 4) + 1] = rgba[(i * 4) + 2] = gray;
            rgba[(i * 4) + 3] = image.Data[(i * 2) + 1];
        }

        return new RawImage(image.Width, image.Height, 4, rgba);
    }

    /// <summary>True when ImageMagick's decode has any alpha sample below 255.</summary>
    public static bool HasTransparency(RawImage image)
    {
        if (image.Channels != 4)
        {
            return false;
        }

        for (int i = 3; i < image.Data.Length; i += 4)
        {
            if (image.Data[i] != 255)
            {
                return true;
            }
        }

        return false;
    }
}
