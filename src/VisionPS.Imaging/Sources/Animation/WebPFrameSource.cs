using System.Buffers.Binary;

namespace VisionPS.Imaging.Sources.Animation;

/// <summary>
/// An animated WebP as frames, without ffmpeg, when the user asks for frames (-AllFrames, -FramesPerSecond or
/// -MaxFrames). Each ANMF frame's bitstream (VP8L, or VP8 with its ALPH chunk) is rebuilt as a still WebP and decoded by
/// the engine (ImageSharp), then drawn on the canvas at the frame's offset, alpha-blended or not, and its rectangle
/// cleared afterwards when the frame says "dispose to background". The canvas starts, and is cleared to, transparent
/// black: the ANIM background colour is only a hint the WebP container spec lets a reader ignore, and libwebp's own
/// animation decoder ignores it too. Without that request the WebP is one image, as before.
/// </summary>
public sealed class WebPFrameSource : IImageSource
{
    private const int AnimationFlag = 0x02, AlphaFlag = 0x10;

    public static WebPFrameSource Instance { get; } = new();

    public string Name => "animated WebP";

    public bool ReadsFromPath => false;

    /// <summary>A RIFF WEBP whose first chunk is VP8X with the animation flag set.</summary>
    public bool Recognises(ReadOnlySpan<byte> header, SourceOptions options) =>
        options.AnimationFrames && header.Length >= 21 && header.StartsWith("RIFF"u8) && header[8..].StartsWith("WEBPVP8X"u8)
        && (header[20] & AnimationFlag) != 0;

    public IReadOnlyList<SourceImage> Read(SourceInput input, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        byte[] file = input.Data.ToArray();
        if (file.Length < 30 || !Recognises(file, new SourceOptions { AnimationFrames = true }))
        {
            throw Damaged(input, "it does not start with a RIFF header and an animated VP8X chunk");
        }

        int width = ReadUInt24(file.AsSpan(24)) + 1;
        int height = ReadUInt24(file.AsSpan(27)) + 1;
        int end = (int)Math.Min(file.Length, 8L + BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4)));
        var frames = new List<AnimationFrame>();
        foreach ((string type, int start, int length) in Chunks(input, file, 12, end))
        {
            if (type != "ANMF")
            {
                continue;
            }

            if (length < 16)
            {
                throw Damaged(input, $"frame {frames.Count + 1}'s ANMF chunk is {length} bytes, shorter than its 16-byte header");
            }

            ReadOnlySpan<byte> h = file.AsSpan(start, 16);
            int x = ReadUInt24(h) * 2, y = ReadUInt24(h[3..]) * 2;
            int frameWidth = ReadUInt24(h[6..]) + 1, frameHeight = ReadUInt24(h[9..]) + 1;
            TimeSpan delay = TimeSpan.FromMilliseconds(ReadUInt24(h[12..]));
            bool blend = (h[15] & 0x02) == 0;
            FrameDisposal disposal = (h[15] & 0x01) != 0 ? FrameDisposal.Background : FrameDisposal.None;
            int dataStart = start + 16, dataEnd = start + length, number = frames.Count + 1;
            frames.Add(new AnimationFrame(x, y, frameWidth, frameHeight, delay, blend, disposal, () => Still(input, file, dataStart, dataEnd, frameWidth, frameHeight, number)));
            if (frames.Count > AnimationRenderer.MaxFrames)
            {
                break;
            }
        }

        AnimationRenderer.Check("animated WebP", width, height, frames, input, options, ImageFormat.WebP);
        return AnimationRenderer.Render(width, height, frames, input, options);
    }

    /// <summary>The frame as a still WebP: a lone VP8L or VP8 chunk, or VP8X + ALPH + VP8 when it has an alpha chunk.</summary>
    private static byte[] Still(SourceInput input, byte[] file, int start, int end, int width, int height, int number)
    {
        (string Type, int Start, int Length)? alpha = null, image = null;
        foreach ((string type, int chunkStart, int length) in Chunks(input, file, start, end))
        {
            if (type == "ALPH")
            {
                alpha ??= (type, chunkStart, length);
            }
            else if (type is "VP8 " or "VP8L")
            {
                image = (type, chunkStart, length);
                break;
            }
        }

        if (image is null)
        {
            throw Damaged(input, $"frame {number} holds no VP8 or VP8L bitstream");
        }

        using var webp = new MemoryStream();
        webp.Write("RIFF\0\0\0\0WEBP"u8);
        if (alpha is not null && image.Value.Type == "VP8 ")
        {
            Span<byte> vp8x = stackalloc byte[10];
            vp8x.Clear();
            vp8x[0] = AlphaFlag;
            WriteUInt24(vp8x[4..], width - 1);
            WriteUInt24(vp8x[7..], height - 1);
            WriteChunk(webp, "VP8X", vp8x);
            WriteChunk(webp, "ALPH", file.AsSpan(alpha.Value.Start, alpha.Value.Length));
        }

        WriteChunk(webp, image.Value.Type, file.AsSpan(image.Value.Start, image.Value.Length));
        byte[] bytes = webp.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    private static List<(string Type, int Start, int Length)> Chunks(SourceInput input, byte[] file, int position, int end)
    {
        var chunks = new List<(string, int, int)>();
        while (position + 8 <= end)
        {
            string type = System.Text.Encoding.ASCII.GetString(file, position, 4);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 4));
            if (length > (uint)(end - position - 8))
            {
                throw Damaged(input, $"the {type} chunk at byte {position} is longer than what holds it");
            }

            chunks.Add((type, position + 8, (int)length));
            position += 8 + (int)length + ((int)length & 1);
        }

        return chunks;
    }

    private static void WriteChunk(MemoryStream webp, string type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        webp.Write(System.Text.Encoding.ASCII.GetBytes(type));
        BinaryPrimitives.WriteInt32LittleEndian(word, body.Length);
        webp.Write(word);
        webp.Write(body);
        if ((body.Length & 1) != 0)
        {
            webp.WriteByte(0);
        }
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    private static void WriteUInt24(Span<byte> bytes, int value)
    {
        bytes[0] = (byte)value;
        bytes[1] = (byte)(value >> 8);
        bytes[2] = (byte)(value >> 16);
    }

    private static CorruptImageDataException Damaged(SourceInput input, string problem) => new(ImageFormat.WebP, $"the animated WebP is damaged: {problem}", input.Name);
}
