using VisionPS.Imaging.Sources;
using VisionPS.Imaging.Sources.Animation;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Sources;

/// <summary>
/// APNG and animated WebP frames against the reference decoders' own compositing: ffmpeg's APNG decoder (Debian's
/// ImageMagick 6 reads only an APNG's default image) and ImageMagick's <c>convert -coalesce</c> for WebP (libwebp).
/// </summary>
public sealed class AnimatedFrameSourceTests : IDisposable
{
    private static readonly SourceOptions Every = new() { AnimationFrames = true, MaxFrames = SourceOptions.FrameLimit };

    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // Four 40x30 frames: opaque red; red with a lime square; transparent with a blue square (the encoder must clear
    // what was there); the blue square with a half-transparent yellow bar over it.
    private void Frames()
    {
        _dir.Run("convert", "-size", "40x30", "xc:red", "PNG32:" + _dir["f0.png"]);
        _dir.Run("convert", "-size", "40x30", "xc:red", "-fill", "lime", "-draw", "rectangle 5,5 14,14", "PNG32:" + _dir["f1.png"]);
        _dir.Run("convert", "-size", "40x30", "xc:none", "-fill", "blue", "-draw", "rectangle 15,10 24,19", "PNG32:" + _dir["f2.png"]);
        _dir.Run("convert", _dir["f2.png"], "-fill", "#ffff0080", "-draw", "rectangle 10,12 34,16", "PNG32:" + _dir["f3.png"]);
    }

    private string Apng()
    {
        Frames();
        _dir.Run("ffmpeg", "-v", "error", "-framerate", "2", "-i", _dir["f%d.png"], "-pix_fmt", "rgba", "-plays", "0", "-f", "apng", _dir["anim.png"]);
        return _dir["anim.png"];
    }

    private string WebP(bool lossless)
    {
        Frames();
        _dir.Run("convert", "-delay", "50", _dir["f0.png"], _dir["f1.png"], _dir["f2.png"], _dir["f3.png"], "-loop", "0",
            "-define", lossless ? "webp:lossless=true" : "webp:quality=90", _dir["anim.webp"]);
        return _dir["anim.webp"];
    }

    private static IReadOnlyList<SourceImage> Read(IImageSource source, string path, SourceOptions options) =>
        source.Read(new SourceInput(path, path, File.ReadAllBytes(path)), options);

    /// <summary>Largest difference of any sample, colour ignored where both sides are fully transparent.</summary>
    private static int Difference(RawImage reference, PixelBuffer actual)
    {
        Assert.Equal((reference.Width, reference.Height), (actual.Width, actual.Height));
        Assert.Equal(4, reference.Channels);
        Assert.Equal(4, actual.BytesPerPixel);
        int max = 0;
        for (int i = 0; i < reference.Width * reference.Height * 4; i += 4)
        {
            bool bothClear = reference.Data[i + 3] == 0 && actual.Data[i + 3] == 0;
            for (int c = bothClear ? 3 : 0; c < 4; c++)
            {
                max = Math.Max(max, Math.Abs(reference.Data[i + c] - actual.Data[i + c]));
            }
        }

        return max;
    }

    private static void AssertFramesMatch(IReadOnlyList<SourceImage> frames, Func<int, string> reference, int tolerance)
    {
        for (int i = 0; i < frames.Count; i++)
        {
            using PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(frames[i].Data.Span, DecodeOptions.Default, frames[i].Label);
            Assert.True(Difference(ReferenceTools.MagickRgba(reference(i), "-type", "TrueColorAlpha"), pixels) <= tolerance, $"{frames[i].Label} differs from {reference(i)} by more than {tolerance}");
        }
    }

    [ToolFact("convert", "ffmpeg")]
    public void Apng_frames_are_composited_as_ffmpeg_decodes_them_in_order_with_their_times()
    {
        string apng = Apng();
        _dir.Run("ffmpeg", "-v", "error", "-i", apng, "-pix_fmt", "rgba", _dir["ref-%d.png"]);

        IReadOnlyList<SourceImage> frames = Read(ApngFrameSource.Instance, apng, Every);

        Assert.Equal(["frame 1 of 4 at 00:00:00.000", "frame 2 of 4 at 00:00:00.500", "frame 3 of 4 at 00:00:01.000", "frame 4 of 4 at 00:00:01.500"], frames.Select(f => f.Label));
        // Lossless, so exact but for rounding in blending the half-transparent bar (1 level).
        AssertFramesMatch(frames, i => _dir[$"ref-{i + 1}.png"], tolerance: 1);
    }

    [ToolFact("convert")]
    public void Lossless_webp_frames_are_composited_as_ImageMagick_coalesces_them()
    {
        string webp = WebP(lossless: true);
        _dir.Run("convert", webp, "-coalesce", _dir["ref-%d.png"]);

        IReadOnlyList<SourceImage> frames = Read(WebPFrameSource.Instance, webp, Every);

        Assert.Equal(["frame 1 of 4 at 00:00:00.000", "frame 2 of 4 at 00:00:00.500", "frame 3 of 4 at 00:00:01.000", "frame 4 of 4 at 00:00:01.500"], frames.Select(f => f.Label));
        AssertFramesMatch(frames, i => _dir[$"ref-{i}.png"], tolerance: 1);
    }

    [ToolFact("convert")]
    public void Lossy_webp_frames_stay_within_a_few_levels_of_ImageMagick()
    {
        string webp = WebP(lossless: false);
        _dir.Run("convert", webp, "-coalesce", _dir["ref-%d.png"]);

        IReadOnlyList<SourceImage> frames = Read(WebPFrameSource.Instance, webp, Every);

        Assert.Equal(4, frames.Count);
        // Both sides decode the same VP8 data; libwebp's and ImageSharp's YUV->RGB conversions may round differently.
        AssertFramesMatch(frames, i => _dir[$"ref-{i}.png"], tolerance: 8);
    }

    [ToolFact("convert", "ffmpeg")]
    public void MaxFrames_spreads_over_the_animations_time()
    {
        Assert.Equal([2, 4], Read(ApngFrameSource.Instance, Apng(), new SourceOptions { AnimationFrames = true, MaxFrames = 2 }).Select(f => f.Number));
        Assert.Equal([2, 4], Read(WebPFrameSource.Instance, WebP(lossless: true), new SourceOptions { AnimationFrames = true, MaxFrames = 2 }).Select(f => f.Number));
    }

    [ToolFact("convert", "ffmpeg")]
    public void Only_animations_asked_for_as_frames_are_recognised()
    {
        byte[] apng = File.ReadAllBytes(Apng());
        byte[] webp = File.ReadAllBytes(WebP(lossless: true));
        _dir.Run("convert", _dir["f0.png"], _dir["still.png"]);
        _dir.Run("convert", _dir["f0.png"], _dir["still.webp"]);
        var frames = new SourceOptions { AnimationFrames = true };

        Assert.Same(ApngFrameSource.Instance, ImageSources.Find(apng, frames));
        Assert.Same(WebPFrameSource.Instance, ImageSources.Find(webp, frames));
        Assert.Null(ImageSources.Find(apng, SourceOptions.Default));
        Assert.Null(ImageSources.Find(webp, SourceOptions.Default));
        Assert.Null(ImageSources.Find(File.ReadAllBytes(_dir["still.png"]), frames));
        Assert.Null(ImageSources.Find(File.ReadAllBytes(_dir["still.webp"]), frames));
    }

    [ToolFact("convert", "ffmpeg")]
    public void A_frame_outside_the_canvas_or_out_of_sequence_is_refused_as_damaged()
    {
        byte[] apng = File.ReadAllBytes(Apng());
        int fctl = IndexOf(apng, "fcTL"u8, 2);
        byte[] moved = (byte[])apng.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(moved.AsSpan(fctl + 4 + 12), 39); // x_offset
        FixCrc(moved, fctl);
        byte[] reordered = (byte[])apng.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(reordered.AsSpan(fctl + 4), 7); // sequence_number
        FixCrc(reordered, fctl);

        var outside = Assert.Throws<CorruptImageDataException>(() => ApngFrameSource.Instance.Read(new SourceInput("moved.png", null, moved), Every));
        var sequence = Assert.Throws<CorruptImageDataException>(() => ApngFrameSource.Instance.Read(new SourceInput("reordered.png", null, reordered), Every));

        Assert.Contains("inside the 40x30 canvas", outside.Message, StringComparison.Ordinal);
        Assert.Contains("moved.png", outside.Message, StringComparison.Ordinal);
        Assert.Contains("out of order", sequence.Message, StringComparison.Ordinal);
    }

    [ToolFact("convert")]
    public void A_canvas_over_the_pixel_limit_is_refused_before_decoding()
    {
        string webp = WebP(lossless: true);

        var refused = Assert.Throws<SourceRefusedException>(() => Read(WebPFrameSource.Instance, webp, Every with { MaxPixels = 1000 }));

        Assert.Equal(SourceRefusal.DocumentImageTooLarge, refused.Reason);
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> type, int occurrence)
    {
        int from = 0;
        for (int found = 0; ; found++)
        {
            int at = data.AsSpan(from).IndexOf(type) + from;
            if (found + 1 == occurrence)
            {
                return at - 4; // the chunk's length field
            }

            from = at + 4;
        }
    }

    private static void FixCrc(byte[] png, int chunk)
    {
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(chunk));
        uint crc = VisionPS.Imaging.Png.PngCrc.Compute(png.AsSpan(chunk + 4, length + 4));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(chunk + 8 + length), crc);
    }
}
