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

    [ToolFact("convert")]
    public void The_shared_animated_webp_matches_ImageMagick_frame_for_frame()
    {
        string webp = SharedPaths.Image("webp/extended_animated_200x200.webp");
        _dir.Run("convert", webp, "-coalesce", _dir["shared-%d.png"]);

        IReadOnlyList<SourceImage> frames = Read(WebPFrameSource.Instance, webp, Every);

        Assert.Equal(6, frames.Count);
        AssertFramesMatch(frames, i => _dir[$"shared-{i}.png"], tolerance: 8);
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

    [ToolFact("convert", "ffmpeg")]
    public void Frames_that_together_declare_more_than_the_pixel_limit_are_refused_before_decoding()
    {
        // 40x30 canvas (1,200 pixels) under the limit; its four frames declare 40x30 + 10x10 + 40x30 + 25x5 = 2,625.
        var refused = Assert.Throws<SourceRefusedException>(() => Read(ApngFrameSource.Instance, Apng(), Every with { MaxPixels = 2000 }));

        Assert.Equal(SourceRefusal.DocumentImageTooLarge, refused.Reason);
        Assert.Contains("4 frames", refused.Message, StringComparison.Ordinal);
    }

    // Hand-made so every operation appears: a full opaque red frame, a half-transparent lime square blended over it
    // and then restored (APNG dispose previous), an opaque blue square replacing what was there and then cleared to
    // transparent (dispose background), and a half-transparent yellow square blended over the cleared corner.
    private static readonly (int X, int Y, int W, int H, string Colour, bool Blend, int Dispose)[] Operations =
    [
        (0, 0, 40, 30, "red", false, 0),
        (6, 6, 10, 10, "#00ff0080", true, 2),
        (20, 10, 10, 10, "blue", false, 1),
        (16, 8, 10, 10, "#ffff0080", true, 0),
    ];

    private byte[] FramePng(int index)
    {
        var (_, _, w, h, colour, _, _) = Operations[index];
        _dir.Run("convert", "-size", $"{w}x{h}", "xc:" + colour, "PNG32:" + _dir[$"op{index}.png"]);
        return File.ReadAllBytes(_dir[$"op{index}.png"]);
    }

    private string HandMadeApng()
    {
        var apng = new ByteWriter();
        apng.Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] ihdr = PngChunk(FramePng(0), "IHDR"u8)!;
        apng.PngChunk("IHDR", ihdr);
        apng.PngChunk("acTL", [.. BigEndian(Operations.Length), .. BigEndian(0)]);
        uint sequence = 0;
        for (int i = 0; i < Operations.Length; i++)
        {
            var (x, y, w, h, _, blend, dispose) = Operations[i];
            apng.PngChunk("fcTL", [.. BigEndian((int)sequence++), .. BigEndian(w), .. BigEndian(h), .. BigEndian(x), .. BigEndian(y), 0, 1, 0, 2, (byte)dispose, (byte)(blend ? 1 : 0)]);
            byte[] idat = PngChunk(FramePng(i), "IDAT"u8)!;
            if (i == 0)
            {
                apng.PngChunk("IDAT", idat);
            }
            else
            {
                apng.PngChunk("fdAT", [.. BigEndian((int)sequence++), .. idat]);
            }
        }

        apng.PngChunk("IEND", []);
        File.WriteAllBytes(_dir["ops.png"], apng.ToArray());
        return _dir["ops.png"];
    }

    private string HandMadeWebP()
    {
        var frames = new List<byte>();
        for (int i = 0; i < Operations.Length; i++)
        {
            var (x, y, w, h, _, blend, dispose) = Operations[i];
            FramePng(i);
            // Lossy with alpha: VP8X + ALPH + VP8, the case a frame must be rebuilt with its alpha chunk.
            _dir.Run("convert", _dir[$"op{i}.png"], "-define", "webp:lossless=false", "-quality", "95", _dir[$"op{i}.webp"]);
            byte[] still = File.ReadAllBytes(_dir[$"op{i}.webp"]);
            byte[] body = [.. Uint24(x / 2), .. Uint24(y / 2), .. Uint24(w - 1), .. Uint24(h - 1), .. Uint24(500), (byte)((blend ? 0 : 2) | (dispose == 1 ? 1 : 0))];
            frames.AddRange(RiffChunk("ANMF", [.. body, .. StillChunks(still)]));
        }

        byte[] vp8x = [0x12, 0, 0, 0, .. Uint24(39), .. Uint24(29)];
        byte[] chunks = [.. RiffChunk("VP8X", vp8x), .. RiffChunk("ANIM", [0, 0, 0, 0, 0, 0]), .. frames];
        File.WriteAllBytes(_dir["ops.webp"], [.. "RIFF"u8, .. LittleEndian(chunks.Length + 4), .. "WEBP"u8, .. chunks]);
        return _dir["ops.webp"];
    }

    [ToolFact("convert", "ffmpeg")]
    public void Apng_blend_and_dispose_operations_match_ffmpeg()
    {
        string apng = HandMadeApng();
        _dir.Run("ffmpeg", "-v", "error", "-i", apng, "-pix_fmt", "rgba", _dir["opref-%d.png"]);

        IReadOnlyList<SourceImage> frames = Read(ApngFrameSource.Instance, apng, Every);

        Assert.Equal(4, frames.Count);
        AssertFramesMatch(frames, i => _dir[$"opref-{i + 1}.png"], tolerance: 1);
    }

    [ToolFact("convert")]
    public void WebP_blend_and_dispose_operations_with_alpha_chunks_match_ImageMagick()
    {
        string webp = HandMadeWebP();
        _dir.Run("convert", webp, "-coalesce", _dir["opref-%d.png"]);

        IReadOnlyList<SourceImage> frames = Read(WebPFrameSource.Instance, webp, Every);

        Assert.Equal(4, frames.Count);
        AssertFramesMatch(frames, i => _dir[$"opref-{i}.png"], tolerance: 8);
    }

    private static byte[]? PngChunk(byte[] png, ReadOnlySpan<byte> type)
    {
        for (int p = 8; p + 12 <= png.Length;)
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(p));
            if (png.AsSpan(p + 4, 4).SequenceEqual(type))
            {
                return png.AsSpan(p + 8, length).ToArray();
            }

            p += 12 + length;
        }

        return null;
    }

    private static IEnumerable<byte> StillChunks(byte[] webp) => webp.AsSpan(12).ToArray().Length > 0 && webp.AsSpan(12, 4).SequenceEqual("VP8X"u8)
        ? webp.Skip(12 + 18)
        : webp.Skip(12);

    private static byte[] RiffChunk(string type, byte[] body) =>
        [.. System.Text.Encoding.ASCII.GetBytes(type), .. LittleEndian(body.Length), .. body, .. (body.Length % 2 == 1 ? new byte[] { 0 } : [])];

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static byte[] LittleEndian(int value) => [(byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24)];

    private static byte[] Uint24(int value) => [(byte)value, (byte)(value >> 8), (byte)(value >> 16)];

    private sealed class ByteWriter
    {
        private readonly List<byte> _bytes = [];

        public void Bytes(byte[] bytes) => _bytes.AddRange(bytes);

        public void PngChunk(string type, byte[] body)
        {
            byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. body];
            _bytes.AddRange(BigEndian(body.Length));
            _bytes.AddRange(typed);
            _bytes.AddRange(BigEndian((int)VisionPS.Imaging.Png.PngCrc.Compute(typed)));
        }

        public byte[] ToArray() => [.. _bytes];
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
