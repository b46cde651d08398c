using VisionPS.Imaging.Sources;
using VisionPS.Imaging.Sources.Video;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Sources;

/// <summary>
/// Video frames from clips Debian's ffmpeg makes at test time: four 2.5-second segments of known colours (red, green,
/// blue, yellow), so which frame arrived, and in which order, shows in its pixels.
/// </summary>
public sealed class VideoFrameSourceTests : IDisposable
{
    private static readonly string[] Colours = ["red", "lime", "blue", "yellow"];
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Clip(string name, params string[] codec)
    {
        var args = new List<string> { "-nostdin", "-v", "error", "-y" };
        foreach (string colour in Colours)
        {
            args.AddRange(["-f", "lavfi", "-i", $"color=c={colour}:s=64x48:r=10:d=2.5"]);
        }

        args.AddRange(["-filter_complex", "[0:v][1:v][2:v][3:v]concat=n=4:v=1[v]", "-map", "[v]", .. codec, _dir[name]]);
        _dir.Run("ffmpeg", [.. args]);
        return _dir[name];
    }

    private static IReadOnlyList<SourceImage> Read(string path, SourceOptions options) =>
        VideoFrameSource.Instance.Read(new SourceInput(path, path, ReadOnlyMemory<byte>.Empty), options);

    // The colour of a frame's middle pixel, by its strongest channels.
    private static string ColourOf(SourceImage frame)
    {
        using PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(frame.Data.Span, DecodeOptions.Default, frame.Label);
        int at = ((pixels.Height / 2 * pixels.Width) + (pixels.Width / 2)) * pixels.BytesPerPixel;
        (bool r, bool g, bool b) = (pixels.Data[at] > 128, pixels.Data[at + 1] > 128, pixels.Data[at + 2] > 128);
        return (r, g, b) switch
        {
            (true, false, false) => "red",
            (false, true, false) => "lime",
            (false, false, true) => "blue",
            (true, true, false) => "yellow",
            _ => $"rgb({pixels.Data[at]},{pixels.Data[at + 1]},{pixels.Data[at + 2]})",
        };
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void Four_frames_spread_evenly_over_an_mp4_show_its_four_colours_in_order()
    {
        string clip = Clip("clip.mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p");

        IReadOnlyList<SourceImage> frames = Read(clip, new SourceOptions { MaxFrames = 4 });

        Assert.True(VideoFrameSource.IsVideo(File.ReadAllBytes(clip).AsSpan(0, 64)));
        Assert.Equal(Colours, frames.Select(ColourOf));
        Assert.Equal(["frame at 00:00:01.250", "frame at 00:00:03.750", "frame at 00:00:06.250", "frame at 00:00:08.750"], frames.Select(f => f.Label));
        Assert.All(frames, f => Assert.Equal(SourceImageKind.Frame, f.Kind));
        Assert.Equal([1, 2, 3, 4], frames.Select(f => f.Number));
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void FramesPerSecond_takes_frames_from_the_start_and_stops_at_the_end()
    {
        string clip = Clip("clip.webm", "-c:v", "libvpx", "-b:v", "200k");

        IReadOnlyList<SourceImage> frames = Read(clip, new SourceOptions { FramesPerSecond = 0.4, MaxFrames = 50 });

        // t = 0, 2.5, 5, 7.5: one frame from each segment, and none past the 10-second end.
        Assert.Equal([0, 2500, 5000, 7500], frames.Select(f => (int)f.Time!.Value.TotalMilliseconds));
        Assert.Equal(Colours, frames.Select(ColourOf));
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void A_matroska_clip_given_as_bytes_is_read_through_a_temporary_file_that_is_removed()
    {
        byte[] clip = File.ReadAllBytes(Clip("clip.mkv", "-c:v", "libx264", "-pix_fmt", "yuv420p"));
        int before = Directory.GetFiles(Path.GetTempPath(), "visionps-*.video").Length;

        IReadOnlyList<SourceImage> frames = VideoFrameSource.Instance.Read(new SourceInput("<bytes>", null, clip), new SourceOptions { MaxFrames = 4 });

        Assert.Equal(Colours, frames.Select(ColourOf));
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "visionps-*.video").Length);
    }

    [Fact]
    public void Without_ffmpeg_the_error_says_how_to_install_it_on_each_system()
    {
        var refused = Assert.Throws<SourceRefusedException>(() => VideoFrameSource.SearchingIn(_dir.Path).Read(new SourceInput("/clips/a.mp4", "/clips/a.mp4", ReadOnlyMemory<byte>.Empty), SourceOptions.Default));

        Assert.Equal(SourceRefusal.VideoDecoderMissing, refused.Reason);
        Assert.Contains("/clips/a.mp4", refused.Message);
        Assert.Contains("winget install Gyan.FFmpeg", refused.Message);
        Assert.Contains("brew install ffmpeg", refused.Message);
        Assert.Contains("apt-get install ffmpeg", refused.Message);
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public void A_file_that_is_not_a_playable_video_is_refused_with_ffmpegs_reason()
    {
        File.WriteAllBytes(_dir["broken.mp4"], [0, 0, 0, 24, .. "ftypisom"u8.ToArray(), 0, 0, 2, 0, .. "isomiso2"u8.ToArray(), 1, 2, 3]);

        var refused = Assert.Throws<SourceRefusedException>(() => Read(_dir["broken.mp4"], SourceOptions.Default));

        Assert.Equal(SourceRefusal.VideoDecodeFailed, refused.Reason);
        Assert.Contains("broken.mp4", refused.Message);
    }

    [Theory]
    [InlineData("ftypheic")]
    [InlineData("ftypavif")]
    [InlineData("ftypmif1")]
    public void Heif_and_avif_images_are_not_taken_for_video(string box)
    {
        byte[] header = [0, 0, 0, 16, .. System.Text.Encoding.ASCII.GetBytes(box), 0, 0, 0, 0];

        Assert.False(VideoFrameSource.IsVideo(header));
    }

    [Fact]
    public void Even_spread_takes_the_middle_of_each_equal_share()
    {
        IReadOnlyList<TimeSpan> times = VideoFrameSource.FrameTimes(TimeSpan.FromSeconds(8), new SourceOptions { MaxFrames = 4 });

        Assert.Equal([1000, 3000, 5000, 7000], times.Select(t => (int)t.TotalMilliseconds));
    }
}
