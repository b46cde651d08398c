using System.Globalization;
using System.Text;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.Imaging;

namespace VisionPS.Core.Tests.Imaging.Compare;

/// <summary>
/// scikit-image 0.19's <c>structural_similarity</c> (Debian's python3-skimage, run by /usr/bin/python3) and
/// ImageMagick's <c>compare -metric PHASH</c>, the references the comparison measures are checked against.
/// </summary>
public static class ReferenceMeasures
{
    public const string InstallHint = "apt-get install python3-skimage imagemagick (.ci/run installs them)";

    private const string SsimScript = """
        import sys
        import numpy as np
        from skimage.metrics import structural_similarity
        def read_ppm(path):
            data = open(path, 'rb').read()
            parts = data.split(maxsplit=4)
            assert parts[0] == b'P6' and parts[3] == b'255'
            w, h = int(parts[1]), int(parts[2])
            rgb = np.frombuffer(parts[4][:w * h * 3], dtype=np.uint8).reshape(h, w, 3).astype(np.float64)
            return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
        print('%.10f' % structural_similarity(read_ppm(sys.argv[1]), read_ppm(sys.argv[2]), data_range=255))
        """;

    /// <summary>scikit-image's SSIM (defaults, data_range 255) of the BT.601 luma of two RGB buffers of the same size.</summary>
    public static double SkimageSsim(PixelBuffer a, PixelBuffer b)
    {
        string folder = Directory.CreateTempSubdirectory("visionps-ssim-").FullName;
        try
        {
            string pa = Path.Combine(folder, "a.ppm");
            string pb = Path.Combine(folder, "b.ppm");
            File.WriteAllBytes(pa, Ppm(a));
            File.WriteAllBytes(pb, Ppm(b));
            return SkimageSsim(pa, pb);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>scikit-image's SSIM of two binary PPM files.</summary>
    public static double SkimageSsim(string ppmA, string ppmB)
    {
        byte[] output = Python(["-c", SsimScript, ppmA, ppmB]);
        return double.Parse(Encoding.ASCII.GetString(output).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>ImageMagick decodes, turns upright, flattens on white and resizes to size x size (its Lanczos), as PPM.</summary>
    public static byte[] MagickWorking(string path, int size) =>
        ReferenceTools.Run("convert", [path + "[0]", "-strip", "-auto-orient", "-background", "white", "-flatten", "-resize", $"{size}x{size}!", "-depth", "8", "ppm:-"], null);

    /// <summary>ImageMagick's perceptual-hash distance (a sum of squared differences of colour moments; 0 = same).</summary>
    public static double MagickPhash(string a, string b)
    {
        // compare writes the metric to stderr and exits 1 when the images differ.
        var info = new System.Diagnostics.ProcessStartInfo("compare") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "-metric", "PHASH", a, b, "null:" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        string text = process.StandardError.ReadToEnd();
        process.WaitForExit();
        string first = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidOperationException($"compare -metric PHASH {a} {b} printed '{text}' (exit {process.ExitCode}).");
    }

    private static byte[] Python(IReadOnlyList<string> args)
    {
        try
        {
            return ReferenceTools.Run("/usr/bin/python3", args, null);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("skimage", StringComparison.Ordinal) || e.Message.Contains("not installed", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"scikit-image is missing: {InstallHint}. {e.Message}", e);
        }
    }

    private static byte[] Ppm(PixelBuffer pixels)
    {
        byte[] header = Encoding.ASCII.GetBytes($"P6\n{pixels.Width} {pixels.Height}\n255\n");
        var file = new byte[header.Length + (pixels.Width * pixels.Height * 3)];
        header.CopyTo(file, 0);
        int o = header.Length;
        for (int y = 0; y < pixels.Height; y++)
        {
            ReadOnlySpan<byte> row = pixels.GetRow(y);
            for (int x = 0; x < pixels.Width; x++)
            {
                row.Slice(x * pixels.BytesPerPixel, 3).CopyTo(file.AsSpan(o));
                o += 3;
            }
        }

        return file;
    }
}
