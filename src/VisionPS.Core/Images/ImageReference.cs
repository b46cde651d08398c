using System.Text.RegularExpressions;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Images;

/// <summary>Tells what a string that names an image is: a file path, an http(s) URL, or a data URL.</summary>
public static partial class ImageReference
{
    // Schemes with "//" (file://, ftp://, …) are URLs we refuse. A bare "name:" is not treated as a scheme,
    // because PowerShell drive paths (C:\x.jpg, Temp:/x.jpg, Photos:\x.jpg) look the same.
    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://", RegexOptions.CultureInvariant)]
    private static partial Regex HierarchicalScheme();

    private static readonly string[] RefusedOpaqueSchemes = ["javascript:", "vbscript:", "blob:", "about:", "mailto:", "cid:"];

    public static ImageSourceKind Classify(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string value = reference.Trim();
        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return ImageSourceKind.DataUrl;
        }

        Match match = HierarchicalScheme().Match(value);
        if (match.Success)
        {
            string scheme = match.Groups["scheme"].Value;
            if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            {
                return ImageSourceKind.Url;
            }

            throw Refused(reference, scheme);
        }

        foreach (string opaque in RefusedOpaqueSchemes)
        {
            if (value.StartsWith(opaque, StringComparison.OrdinalIgnoreCase))
            {
                throw Refused(reference, opaque.TrimEnd(':'));
            }
        }

        return ImageSourceKind.File;
    }

    private static VisionArgumentException Refused(string reference, string scheme) => new(
        ErrorIds.ImageUrlNotSupported,
        $"'{Shorten(reference)}' uses the {scheme}: scheme. Images can be http(s) URLs, data: URLs or file paths.",
        scheme.Equals("file", StringComparison.OrdinalIgnoreCase)
            ? "Pass the file's path instead of a file: URL."
            : "Download the image and pass its path, or give an https:// URL.");

    internal static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
