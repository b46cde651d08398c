using System.Buffers.Binary;
using VisionPS.Imaging.Png;

namespace VisionPS.Imaging.Sources.Animation;

/// <summary>
/// An animated PNG (APNG) as frames, without ffmpeg, when the user asks for frames (-AllFrames, -FramesPerSecond or
/// -MaxFrames). Each frame's fdAT data (IDAT data behind a sequence number) is rebuilt as a still PNG with the file's
/// IHDR (frame size), PLTE and tRNS, decoded by VisionPS's own PNG decoder, and drawn on the canvas as its fcTL says
/// (blend source/over, dispose none/background/previous). A default image that is not a frame (IDAT before the first
/// fcTL) is not sent. Without that request, or for a PNG without acTL, the PNG is one image, as before.
/// </summary>
public sealed class ApngFrameSource : IImageSource
{
    private const uint Ihdr = 0x49484452, Plte = 0x504C5445, Trns = 0x74524E53, Idat = 0x49444154, Iend = 0x49454E44;
    private const uint Actl = 0x6163544C, Fctl = 0x6663544C, Fdat = 0x66644154;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static ApngFrameSource Instance { get; } = new();

    public string Name => "APNG";

    public bool ReadsFromPath => false;

    /// <summary>An acTL chunk before the first IDAT is what makes a PNG an APNG.</summary>
    public bool Recognises(ReadOnlySpan<byte> header, SourceOptions options)
    {
        if (!options.AnimationFrames || !header.StartsWith(Signature))
        {
            return false;
        }

        int position = Signature.Length;
        while (position + 8 <= header.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(header[position..]);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(header[(position + 4)..]);
            if (type == Actl)
            {
                return true;
            }

            if (type == Idat || length > int.MaxValue - 12 - position)
            {
                return false;
            }

            position += 12 + (int)length;
        }

        return false;
    }

    public IReadOnlyList<SourceImage> Read(SourceInput input, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        byte[] file = input.Data.ToArray();
        var chunks = new List<(uint Type, int Start, int Length)>();
        int position = Signature.Length;
        while (true)
        {
            if (position + 12 > file.Length)
            {
                throw Damaged(input, "the file ends before its IEND chunk");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(position));
            uint type = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(position + 4));
            if (length > (uint)(file.Length - position - 12))
            {
                throw Damaged(input, $"a chunk at byte {position} is longer than the rest of the file");
            }

            if (type == Iend)
            {
                break;
            }

            chunks.Add((type, position + 8, (int)length));
            position += 12 + (int)length;
        }

        if (chunks.Count == 0 || chunks[0].Type != Ihdr || chunks[0].Length != 13)
        {
            throw Damaged(input, "the file does not start with a 13-byte IHDR chunk");
        }

        byte[] ihdr = file.AsSpan(chunks[0].Start, 13).ToArray();
        int width = BinaryPrimitives.ReadInt32BigEndian(ihdr);
        int height = BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4));
        byte[]? palette = null, transparency = null;
        var frames = new List<AnimationFrame>();
        List<(int Start, int Length)>? data = null;
        byte[]? control = null;
        uint expectedSequence = 0;
        bool seenIdat = false;

        void Finish()
        {
            if (control is null)
            {
                return;
            }

            if (data is null || data.Count == 0)
            {
                throw Damaged(input, $"frame {frames.Count + 1} has no image data");
            }

            frames.Add(Frame(input, file, control, data, ihdr, palette, transparency, frames.Count == 0));
            control = null;
            data = null;
        }

        foreach ((uint type, int start, int length) in chunks.Skip(1))
        {
            ReadOnlySpan<byte> body = file.AsSpan(start, length);
            switch (type)
            {
                case Plte:
                    palette = body.ToArray();
                    break;
                case Trns:
                    transparency = body.ToArray();
                    break;
                case Fctl:
                    Finish();
                    if (length != 26)
                    {
                        throw Damaged(input, $"an fcTL chunk is {length} bytes, not 26");
                    }

                    CheckSequence(input, body, ref expectedSequence);
                    control = body.ToArray();
                    data = [];
                    break;
                case Idat:
                    seenIdat = true;
                    if (control is not null && frames.Count == 0)
                    {
                        data!.Add((start, length));
                    }

                    break;
                case Fdat:
                    if (length < 4 || control is null || !seenIdat)
                    {
                        throw Damaged(input, "an fdAT chunk has no fcTL before it or no sequence number");
                    }

                    CheckSequence(input, body, ref expectedSequence);
                    data!.Add((start + 4, length - 4));
                    break;
            }

            if (frames.Count > AnimationRenderer.MaxFrames)
            {
                break;
            }
        }

        Finish();
        AnimationRenderer.Check("APNG", width, height, frames, input, options, ImageFormat.Png);
        return AnimationRenderer.Render(width, height, frames, input, options);
    }

    private static AnimationFrame Frame(SourceInput input, byte[] file, byte[] control, List<(int Start, int Length)> data, byte[] ihdr, byte[]? palette, byte[]? transparency, bool first)
    {
        ReadOnlySpan<byte> c = control;
        int width = BinaryPrimitives.ReadInt32BigEndian(c[4..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(c[8..]);
        int x = BinaryPrimitives.ReadInt32BigEndian(c[12..]);
        int y = BinaryPrimitives.ReadInt32BigEndian(c[16..]);
        ushort delayNumerator = BinaryPrimitives.ReadUInt16BigEndian(c[20..]);
        ushort delayDenominator = BinaryPrimitives.ReadUInt16BigEndian(c[22..]);
        FrameDisposal disposal = c[24] switch
        {
            0 => FrameDisposal.None,
            1 => FrameDisposal.Background,
            2 => first ? FrameDisposal.Background : FrameDisposal.Previous,
            _ => throw Damaged(input, $"an fcTL chunk has dispose_op {c[24]}"),
        };
        bool blend = c[25] switch
        {
            0 => false,
            1 => !first,
            _ => throw Damaged(input, $"an fcTL chunk has blend_op {c[25]}"),
        };
        TimeSpan delay = TimeSpan.FromSeconds(delayNumerator / (double)(delayDenominator == 0 ? 100 : delayDenominator));
        return new AnimationFrame(x, y, width, height, delay, blend, disposal, () => Still(file, data, ihdr, palette, transparency, width, height));
    }

    /// <summary>The frame as a PNG of its own: IHDR with the frame's size, PLTE, tRNS, one IDAT, IEND.</summary>
    private static byte[] Still(byte[] file, List<(int Start, int Length)> data, byte[] ihdr, byte[]? palette, byte[]? transparency, int width, int height)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        byte[] header = (byte[])ihdr.Clone();
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        WriteChunk(png, Ihdr, header);
        if (palette is not null)
        {
            WriteChunk(png, Plte, palette);
        }

        if (transparency is not null)
        {
            WriteChunk(png, Trns, transparency);
        }

        byte[] idat = new byte[data.Sum(d => (long)d.Length)];
        int offset = 0;
        foreach ((int start, int length) in data)
        {
            file.AsSpan(start, length).CopyTo(idat.AsSpan(offset));
            offset += length;
        }

        WriteChunk(png, Idat, idat);
        WriteChunk(png, Iend, []);
        return png.ToArray();
    }

    private static void WriteChunk(MemoryStream png, uint type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        png.Write(word);
        BinaryPrimitives.WriteUInt32BigEndian(word, type);
        png.Write(word);
        png.Write(body);
        uint crc = PngCrc.Finish(PngCrc.Update(PngCrc.Update(PngCrc.Start, word), body));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        png.Write(word);
    }

    private static void CheckSequence(SourceInput input, ReadOnlySpan<byte> body, ref uint expected)
    {
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(body);
        if (sequence != expected)
        {
            throw Damaged(input, $"chunk sequence number {sequence} is out of order (expected {expected})");
        }

        expected++;
    }

    private static CorruptImageDataException Damaged(SourceInput input, string problem) => new(ImageFormat.Png, $"the APNG is damaged: {problem}", input.Name);
}
