using System.Runtime.InteropServices;

namespace VisionPS.Imaging.External;

/// <summary>
/// Finds a HEIC/AVIF decoder on PATH, in order of preference: libheif's <c>heif-dec</c> (called <c>heif-convert</c>
/// before libheif 1.17), then macOS's built-in <c>sips</c>, then <c>ffmpeg</c> (HEIF needs ffmpeg 7 or later; AVIF
/// needs a build with an AV1 decoder). libheif and sips apply the HEIF <c>irot</c>/<c>imir</c> transforms, so the PNG
/// they write is upright already.
/// </summary>
public static class ExternalDecoders
{
    /// <summary>What to install, for the platform this runs on, in the words of an error message.</summary>
    public static string InstallHint =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? "Install ffmpeg 7 or later (winget install Gyan.FFmpeg) or libheif's tools (e.g. vcpkg install libheif[tools]) so that ffmpeg or heif-dec is on PATH; the Windows HEIF Image Extension alone only helps Windows' own apps. Or export the photo as JPEG."
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? "macOS has sips built in (/usr/bin/sips); if it is not on PATH, add /usr/bin, or brew install libheif."
                : "Install libheif's tools (Debian/Ubuntu: sudo apt-get install libheif-examples; Fedora: sudo dnf install libheif-tools) or ffmpeg 7 or later.";

    /// <summary>The first decoder found on <paramref name="path"/> (PATH when null); null when there is none.</summary>
    public static ExternalDecoder? Find(string? path = null)
    {
        foreach ((string name, Func<string, string, IReadOnlyList<string>> arguments) in Candidates)
        {
            if (ExternalTool.Find(name, path ?? Environment.GetEnvironmentVariable("PATH")) is { } found)
            {
                return new ExternalDecoder(name, found.Path, arguments);
            }
        }

        return null;
    }

    private static readonly (string Name, Func<string, string, IReadOnlyList<string>> Arguments)[] Candidates =
    [
        ("heif-dec", (input, output) => [input, output]),
        ("heif-convert", (input, output) => [input, output]),
        ("sips", (input, output) => ["-s", "format", "png", input, "--out", output]),
        ("ffmpeg", (input, output) => ["-nostdin", "-hide_banner", "-loglevel", "error", "-i", input, "-frames:v", "1", "-y", output]),
    ];
}
