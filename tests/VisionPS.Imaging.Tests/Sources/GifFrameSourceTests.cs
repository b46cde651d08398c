using VisionPS.Imaging.Sources;
using VisionPS.Imaging.Sources.Animation;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Sources;

/// <summary>Animated GIF frames against ImageMagick's own compositing (<c>convert -coalesce</c>).</summary>
public sealed class GifFrameSourceTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // Four frames, 0.5 s each: a full red frame, then smaller green, blue and yellow squares over what was there.
    private string Animation()
    {
        _dir.Run("convert", "-delay", "50", "-dispose", "none",
            "-size", "40x30", "xc:red",
            "-page", "+5+5", "-size", "10x10", "xc:lime",
            "-page", "+15+10", "-size", "10x10", "xc:blue",
            "-page", "+25+15", "-size", "10x10", "xc:yellow",
            "-loop", "0", _dir["anim.gif"]);
        return _dir["anim.gif"];
    }

    private static IReadOnlyList<SourceImage> Read(string path, SourceOptions options) =>
        GifFrameSource.Instance.Read(new SourceInput(path, path, File.ReadAllBytes(path)), options);

    [ToolFact("convert")]
    public void Every_frame_is_composited_as_ImageMagick_coalesces_it_in_order_with_its_time()
    {
        string gif = Animation();
        _dir.Run("convert", gif, "-coalesce", _dir["ref-%d.png"]);

        IReadOnlyList<SourceImage> frames = Read(gif, new SourceOptions { AnimationFrames = true, MaxFrames = SourceOptions.FrameLimit });

        Assert.Equal(["frame 1 of 4 at 00:00:00.000", "frame 2 of 4 at 00:00:00.500", "frame 3 of 4 at 00:00:01.000", "frame 4 of 4 at 00:00:01.500"], frames.Select(f => f.Label));
        for (int i = 0; i < 4; i++)
        {
            using PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(frames[i].Data.Span, DecodeOptions.Default, frames[i].Label);
            Assert.Equal(0, ImageCompare.MaxDifference(ReferenceTools.MagickRgba(_dir[$"ref-{i}.png"], "-type", "TrueColorAlpha"), pixels));
        }
    }

    [ToolFact("convert")]
    public void MaxFrames_spreads_over_the_animations_time()
    {
        IReadOnlyList<SourceImage> frames = Read(Animation(), new SourceOptions { AnimationFrames = true, MaxFrames = 2 });

        // 2 s in all: samples at 0.5 s and 1.5 s show frames 2 and 4.
        Assert.Equal([2, 4], frames.Select(f => f.Number));
    }

    [Fact]
    public void A_gif_is_frames_only_when_frames_are_asked_for()
    {
        byte[] header = "GIF89a"u8.ToArray();

        Assert.False(GifFrameSource.Instance.Recognises(header, SourceOptions.Default));
        Assert.True(GifFrameSource.Instance.Recognises(header, new SourceOptions { AnimationFrames = true }));
    }
}
