using Microsoft.Win32.SafeHandles;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Images;

/// <summary>
/// The whole video an input's frames came from, kept beside them so that a server that takes the video itself (vLLM's
/// <c>video_url</c>) gets the file, not frames: the file's path (read only when the request is built, after its size is
/// checked), the bytes already in memory (pipeline bytes, a data URL), or an http(s) URL the server fetches.
/// </summary>
public sealed class VideoClip
{
    /// <summary>The largest file sent inline as a data URL (about 27 MiB of base64 in the body). Larger clips: an https URL, trimmed, or frames.</summary>
    public const long MaxInlineBytes = 20L * 1024 * 1024;

    private static readonly (string Extension, string MimeType)[] UrlTypes =
        [(".mp4", "video/mp4"), (".m4v", "video/mp4"), (".mov", "video/quicktime"), (".webm", "video/webm"), (".mkv", "video/x-matroska")];

    private readonly ReadOnlyMemory<byte> _data;

    private VideoClip(string name, string? path, ReadOnlyMemory<byte> data, string? url, string mimeType)
    {
        Name = name;
        Path = path;
        _data = data;
        Url = url;
        MimeType = mimeType;
    }

    /// <summary>The input's name: its full path, URL or a short description of the bytes.</summary>
    public string Name { get; }

    /// <summary>The file read when the request is built; null for bytes and URLs.</summary>
    public string? Path { get; }

    /// <summary>The http(s) URL the server fetches itself; null for files and bytes.</summary>
    public string? Url { get; }

    /// <summary>video/mp4, video/quicktime, video/webm, video/x-matroska or video/x-msvideo (from the bytes; for a URL from its path).</summary>
    public string MimeType { get; }

    /// <summary>Bytes of the file or data; null for a URL.</summary>
    public long? ByteLength { get; private init; }

    /// <summary>The clip's length; null for a URL (not fetched) or when ffprobe gave none.</summary>
    public TimeSpan? Duration { get; private init; }

    /// <summary>Frame width in pixels; null for a URL.</summary>
    public int? Width { get; private init; }

    /// <summary>Frame height in pixels; null for a URL.</summary>
    public int? Height { get; private init; }

    /// <summary>Frames per second of the video stream; null when unknown.</summary>
    public double? FrameRate { get; private init; }

    /// <summary>Frames in the video stream; null when unknown.</summary>
    public long? FrameCount { get; private init; }

    /// <summary>A clip whose frames a video source read from <paramref name="path"/> or <paramref name="data"/>.</summary>
    internal static VideoClip FromSource(string name, string? path, ReadOnlyMemory<byte> data, Imaging.Sources.SourceVideo video) =>
        new(name, path, path is null ? data : ReadOnlyMemory<byte>.Empty, null, video.MimeType)
        {
            ByteLength = path is null ? data.Length : new FileInfo(path).Length,
            Duration = video.Duration > TimeSpan.Zero ? video.Duration : null,
            Width = video.Width,
            Height = video.Height,
            FrameRate = video.FrameRate,
            FrameCount = video.FrameCount,
        };

    /// <summary>
    /// The clip at an http(s) URL whose path names a video file (.mp4, .m4v, .mov, .webm, .mkv), or null: VisionPS
    /// never fetches a URL the server fetches itself, so the name is all there is to go by.
    /// </summary>
    internal static VideoClip? FromUrl(Uri url)
    {
        string path = url.AbsolutePath;
        foreach ((string extension, string mime) in UrlTypes)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return new VideoClip(url.OriginalString, null, ReadOnlyMemory<byte>.Empty, url.OriginalString, mime);
            }
        }

        return null;
    }

    /// <summary>
    /// What goes into <c>video_url.url</c>: the http(s) URL, or a data URL of the whole file. A file or data over
    /// <paramref name="maxBytes"/> is refused before it is read.
    /// </summary>
    /// <exception cref="VisionArgumentException">VideoTooLarge, naming the clip and what to do.</exception>
    public string ToUrl(long maxBytes = MaxInlineBytes)
    {
        if (Url is not null)
        {
            return Url;
        }

        if (Path is null)
        {
            CheckSize(_data.Length, maxBytes);
            return $"data:{MimeType};base64,{Convert.ToBase64String(_data.Span)}";
        }

        using SafeFileHandle file = File.OpenHandle(Path);
        long length = RandomAccess.GetLength(file);
        CheckSize(length, maxBytes);
        byte[] bytes = new byte[length];
        int read = 0;
        while (read < bytes.Length && RandomAccess.Read(file, bytes.AsSpan(read), read) is var n and > 0)
        {
            read += n;
        }

        return $"data:{MimeType};base64,{Convert.ToBase64String(bytes, 0, read)}";
    }

    private void CheckSize(long length, long maxBytes)
    {
        if (length > maxBytes)
        {
            throw new VisionArgumentException(
                ErrorIds.VideoTooLarge,
                $"'{Name}' is {length / (1024.0 * 1024):0.#} MiB; a video sent inline as a video_url data URL may be at most {maxBytes / (1024.0 * 1024):0.#} MiB.",
                $"Trim or shrink it first (ffmpeg -i '{Name}' -t 30 -vf scale=640:-2 small.mp4), give an https URL the server can fetch, or send frames instead: set the profile's VideoParts quirk to None (Set-VisionProvider -Quirk @{{VideoParts='None'}}) and pick them with -MaxFrames.");
        }
    }

    public override string ToString() => Name;
}
