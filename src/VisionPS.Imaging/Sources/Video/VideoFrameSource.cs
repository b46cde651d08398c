using System.Globalization;
using System.Text;
using VisionPS.Imaging.External;

namespace VisionPS.Imaging.Sources.Video;

/// <summary>
/// A video file (MP4, MOV, MKV, WebM, AVI) as frames, decoded by ffmpeg found on PATH: -MaxFrames frames spread evenly
/// over the clip (each at the middle of its share), or one every 1/-FramesPerSecond seconds from the start, each a
/// PNG labelled with its timestamp. ffprobe (shipped with ffmpeg) gives the duration and frame size first.
/// </summary>
public sealed class VideoFrameSource : IImageSource
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(60);
    private const long MaxFrameBytes = 256L * 1024 * 1024;

    private static readonly string[] ImageBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis"];

    private readonly Func<string, ExternalTool?> _find;

    private VideoFrameSource(Func<string, ExternalTool?> find)
    {
        _find = find;
    }

    public static VideoFrameSource Instance { get; } = new(ExternalTool.Find);

    /// <summary>A source that looks for ffmpeg in <paramref name="searchPath"/> instead of PATH (tests: an empty folder).</summary>
    internal static VideoFrameSource SearchingIn(string searchPath) => new(name => ExternalTool.Find(name, searchPath));

    public string Name => "video";

    public bool ReadsFromPath => true;

    /// <summary>How to install ffmpeg, for the error when it is missing.</summary>
    public const string InstallAdvice = "Install ffmpeg and make sure it is on PATH: Windows: winget install Gyan.FFmpeg; macOS: brew install ffmpeg; Linux: apt-get install ffmpeg (or your distribution's package).";

    public bool Recognises(ReadOnlySpan<byte> header, SourceOptions options) => IsVideo(header);

    /// <summary>Matroska/WebM (EBML), AVI (RIFF AVI), or an ISO-BMFF/QuickTime file whose brands are not HEIF/AVIF images.</summary>
    public static bool IsVideo(ReadOnlySpan<byte> header)
    {
        header = header[..Math.Min(header.Length, ImageSources.HeaderLength)];
        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return true;
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("AVI "u8))
        {
            return true;
        }

        if (header.Length < 12 || !header[4..8].SequenceEqual("ftyp"u8))
        {
            return false;
        }

        int boxSize = (header[0] << 24) | (header[1] << 16) | (header[2] << 8) | header[3];
        int end = Math.Min(header.Length, boxSize is >= 16 and < 4096 ? boxSize : header.Length);
        for (int at = 8; at + 4 <= end; at += at == 8 ? 8 : 4)
        {
            string brand = Encoding.ASCII.GetString(header.Slice(at, 4));
            if (Array.IndexOf(ImageBrands, brand) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    public IReadOnlyList<SourceImage> Read(SourceInput input, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ExternalTool ffmpeg = _find("ffmpeg") ?? throw Missing(input.Name, "ffmpeg");
        ExternalTool ffprobe = _find("ffprobe") ?? throw Missing(input.Name, "ffprobe");

        string? temporary = null;
        string path = input.Path ?? string.Empty;
        try
        {
            if (input.Path is null)
            {
                temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"visionps-{Guid.NewGuid():N}.video");
                File.WriteAllBytes(temporary, input.Data.ToArray());
                path = temporary;
            }

            (TimeSpan duration, int width, int height, double? rate, long? count) = Probe(ffprobe, path, input.Name);
            if ((long)width * height > options.MaxPixels)
            {
                throw new SourceRefusedException(
                    SourceRefusal.DocumentImageTooLarge,
                    $"'{input.Name}' has frames of {width}x{height} pixels, more than the {options.MaxPixels / 1_000_000.0:0.#} megapixels VisionPS decodes. Scale it first, e.g. ffmpeg -i '{input.Name}' -vf scale=1920:-2 small.mp4.",
                    input.Name);
            }

            IReadOnlyList<TimeSpan> times = FrameTimes(duration, options);
            var clip = new SourceVideo(MimeTypeOf(input), duration, width, height, rate, count ?? (rate is { } r && duration > TimeSpan.Zero ? (long)Math.Round(duration.TotalSeconds * r) : null));
            var frames = new List<SourceImage>(times.Count);
            for (int i = 0; i < times.Count; i++)
            {
                byte[] png = Frame(ffmpeg, path, times[i], input.Name);
                frames.Add(new SourceImage(png, SourceImageKind.Frame, i + 1, times.Count, $"frame at {SourceImage.FormatTime(times[i])}", Time: times[i], Video: clip));
            }

            return frames;
        }
        finally
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The timestamps sent: every 1/fps seconds from the start, or MaxFrames spread evenly (the middle of each equal share).</summary>
    public static IReadOnlyList<TimeSpan> FrameTimes(TimeSpan duration, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int max = Math.Clamp(options.MaxFrames, 1, SourceOptions.FrameLimit);
        var times = new List<TimeSpan>();
        if (options.FramesPerSecond is { } fps and > 0)
        {
            for (int k = 0; k < max; k++)
            {
                var t = TimeSpan.FromMilliseconds(Math.Round(k * 1000.0 / fps));
                if (k > 0 && t >= duration)
                {
                    break;
                }

                times.Add(t);
            }

            return times;
        }

        // A stream without a known duration (ffprobe says none) gives its first frame only.
        if (duration <= TimeSpan.Zero)
        {
            return [TimeSpan.Zero];
        }

        for (int k = 0; k < max; k++)
        {
            times.Add(TimeSpan.FromMilliseconds(Math.Floor(duration.TotalMilliseconds * (k + 0.5) / max)));
        }

        return times;
    }

    /// <summary>
    /// The MIME type a server is told in a <c>video_url</c> data URL, from the first bytes: Matroska's DocType says
    /// webm or matroska, an ISO-BMFF major brand "qt  " is QuickTime, RIFF AVI is AVI, any other ISO-BMFF is MP4.
    /// </summary>
    public static string MimeType(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return header.IndexOf("webm"u8) >= 0 ? "video/webm" : "video/x-matroska";
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8))
        {
            return "video/x-msvideo";
        }

        return header.Length >= 12 && header[8..12].SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
    }

    private static string MimeTypeOf(SourceInput input)
    {
        if (input.Path is null)
        {
            return MimeType(input.Data.Span[..Math.Min(input.Data.Length, 64)]);
        }

        Span<byte> header = stackalloc byte[64];
        using Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(input.Path);
        int read = RandomAccess.Read(file, header, 0);
        return MimeType(header[..read]);
    }

    private static (TimeSpan Duration, int Width, int Height, double? FrameRate, long? FrameCount) Probe(ExternalTool ffprobe, string path, string name)
    {
        (int exit, byte[] output, string error) = Run(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate,nb_frames:format=duration", "-of", "default=noprint_wrappers=1", "--", path], 1024 * 1024, ProbeTimeout, name);
        var values = Encoding.UTF8.GetString(output)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);
        if (exit != 0 || !values.TryGetValue("width", out string? w) || !int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            || !values.TryGetValue("height", out string? h) || !int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out int height))
        {
            throw Failed(name, exit != 0 ? FirstLine(error) : "it has no video stream");
        }

        double seconds = values.TryGetValue("duration", out string? d) && double.TryParse(d, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && parsed > 0 ? parsed : 0;
        double? rate = values.TryGetValue("avg_frame_rate", out string? r) ? Rate(r) : null;
        long? frames = values.TryGetValue("nb_frames", out string? n) && long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out long parsedFrames) && parsedFrames > 0 ? parsedFrames : null;
        return (TimeSpan.FromSeconds(seconds), width, height, rate, frames);
    }

    // ffprobe writes a rate as a fraction ("30000/1001"), "0/0" when it has none.
    private static double? Rate(string fraction)
    {
        string[] parts = fraction.Split('/');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double den)
            && num > 0 && den > 0
            ? num / den
            : null;
    }

    private static byte[] Frame(ExternalTool ffmpeg, string path, TimeSpan time, string name)
    {
        string at = time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        (int exit, byte[] output, string error) = Run(ffmpeg, ["-nostdin", "-v", "error", "-ss", at, "-i", path, "-map", "0:v:0", "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "pipe:1"], MaxFrameBytes, FrameTimeout, name);
        if (exit != 0 || output.Length == 0)
        {
            throw Failed(name, exit != 0 ? FirstLine(error) : $"no frame at {SourceImage.FormatTime(time)}");
        }

        return output;
    }

    private static (int, byte[], string) Run(ExternalTool tool, IReadOnlyList<string> arguments, long maxOutput, TimeSpan timeout, string name)
    {
        try
        {
            return tool.Run(arguments, maxOutput, timeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidDataException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw Failed(name, ex.Message.TrimEnd('.'));
        }
    }

    private static string FirstLine(string error) =>
        error.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "ffmpeg failed without a message";

    private static SourceRefusedException Missing(string name, string tool) => new(
        SourceRefusal.VideoDecoderMissing,
        $"'{name}' is a video, and VisionPS takes its frames with {tool}, which was not found on PATH. {InstallAdvice}",
        name);

    private static SourceRefusedException Failed(string name, string why) => new(
        SourceRefusal.VideoDecodeFailed,
        $"'{name}' could not be read as a video: {why}. Check that it plays (ffprobe '{name}'), or extract frames yourself (ffmpeg -i '{name}' -vf fps=1 frame%03d.png).",
        name);
}
