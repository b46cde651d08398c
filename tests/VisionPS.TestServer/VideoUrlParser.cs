using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VisionPS.TestServer;

/// <summary>
/// Checks <c>video_url.url</c> as vLLM takes it: a base64 data URL with a video MIME type whose bytes ffprobe (Debian's
/// ffmpeg) reads as a video stream, or an http(s) URL (accepted, never fetched). vLLM's own "video/jpeg" form (frames
/// joined by commas) is refused: this server takes whole files. The clip's frame count, rate and size come from ffprobe,
/// so usage follows the video rule of <see cref="TokenCounter"/>.
/// </summary>
internal static partial class VideoUrlParser
{
    [GeneratedRegex(@"^data:(?<mime>[^;,]*);base64,(?<payload>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex DataUrl();

    public static ExpectedImage Parse(string url, string path)
    {
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host))
            {
                return ExpectedImage.FromVideoUrl(url);
            }

            throw Error($"Invalid video URL: '{path}' must be an http(s) URL or a base64 data URL such as 'data:video/mp4;base64,...'.", path, "invalid_video_url");
        }

        Match m = DataUrl().Match(url);
        if (!m.Success)
        {
            throw Error($"Invalid video URL: '{path}' is a data URL without ';base64,'.", path, "invalid_video_url");
        }

        string mime = m.Groups["mime"].Value.ToLowerInvariant();
        if (!mime.StartsWith("video/", StringComparison.Ordinal) || mime == "video/jpeg")
        {
            throw Error($"Invalid MIME type '{m.Groups["mime"].Value}' in '{path}': a video file's type (video/mp4, video/webm, video/quicktime, video/x-matroska) is expected.", path, "invalid_video_format");
        }

        string payload = m.Groups["payload"].Value;
        if (payload.Length == 0 || !ImageUrlParser.IsStrictBase64(payload))
        {
            throw Error($"Invalid '{path}': the data URL's base64 does not decode.", path, "invalid_video_format");
        }

        byte[] bytes = Convert.FromBase64String(payload);
        (int width, int height, long frames, double rate) = Probe(bytes, path);
        return ExpectedImage.FromVideoBytes(mime, width, height, bytes, frames, rate);
    }

    // ffprobe reads the clip from a temporary file: its first video stream's size, frame count and average rate.
    private static (int Width, int Height, long Frames, double Rate) Probe(byte[] bytes, string path)
    {
        string file = Path.Combine(Path.GetTempPath(), $"visionps-testserver-{Guid.NewGuid():N}.video");
        try
        {
            File.WriteAllBytes(file, bytes);
            var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=width,height,nb_read_frames,avg_frame_rate", "-of", "default=noprint_wrappers=1", file })
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            Dictionary<string, string> values = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
            if (process.ExitCode != 0
                || !values.TryGetValue("width", out string? w) || !int.TryParse(w, CultureInfo.InvariantCulture, out int width)
                || !values.TryGetValue("height", out string? h) || !int.TryParse(h, CultureInfo.InvariantCulture, out int height)
                || !values.TryGetValue("nb_read_frames", out string? n) || !long.TryParse(n, CultureInfo.InvariantCulture, out long frames)
                || !values.TryGetValue("avg_frame_rate", out string? r) || r.Split('/') is not [var num, var den]
                || !double.TryParse(num, CultureInfo.InvariantCulture, out double a) || !double.TryParse(den, CultureInfo.InvariantCulture, out double b) || a <= 0 || b <= 0)
            {
                throw Error($"Invalid video in '{path}': it has no readable video stream.", path, "invalid_video");
            }

            return (width, height, frames, a / b);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ApiErrorException Error(string message, string path, string code) => new(ApiError.Invalid(message, path, code));
}
