using System.Buffers.Binary;
using VisionPS.Imaging.Exif;

namespace VisionPS.Imaging.WebP;

/// <summary>
/// Reads a WebP's size from its first chunk (Google's "WebP Container Specification"): <c>VP8 </c> (lossy, RFC 6386
/// key-frame header), <c>VP8L</c> (lossless) or <c>VP8X</c> (extended canvas). For VP8X files whose flags announce
/// animation or EXIF, it walks the chunk headers to count <c>ANMF</c> frames and read the <c>EXIF</c> orientation.
/// </summary>
/// <remarks>
/// The RIFF size is not trusted to match the file: a file cut short is still identified from its first chunk, and the
/// optional walk stops at the end of the data or of the RIFF size, whichever comes first.
/// </remarks>
internal static class WebPHeaderReader
{
    private const int RiffHeaderLength = 12;   // "RIFF" size "WEBP"
    private const int ChunkHeaderLength = 8;   // FourCC size
    private const int PayloadOffset = RiffHeaderLength + ChunkHeaderLength;
    private const int BitsPerSample = 8;

    private const uint Vp8 = 0x20385056;       // "VP8 " read little-endian
    private const uint Vp8L = 0x4C385056;      // "VP8L"
    private const uint Vp8X = 0x58385056;      // "VP8X"
    private const uint AnimationFrame = 0x464D4E41; // "ANMF"
    private const uint ExifChunk = 0x46495845;  // "EXIF"

    private const byte AnimationFlag = 0x02;
    private const byte ExifFlag = 0x08;

    public static ImageInfo Read(HeaderBytes data)
    {
        long riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(data.Read(4, 4, "RIFF header"));
        ReadOnlySpan<byte> head = data.Read(RiffHeaderLength, ChunkHeaderLength, "first chunk header");
        uint fourCc = BinaryPrimitives.ReadUInt32LittleEndian(head);
        uint chunkSize = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);

        return fourCc switch
        {
            Vp8 => ReadLossy(data.Read(PayloadOffset, 10, "VP8 frame header"), chunkSize),
            Vp8L => ReadLossless(data.Read(PayloadOffset, 5, "VP8L header"), chunkSize),
            Vp8X => ReadExtended(data, chunkSize, riffEnd),
            _ => throw new HeaderCorruptException($"the first chunk is '{FourCc.ToText(head)}', but a WebP must start with 'VP8 ', 'VP8L' or 'VP8X'"),
        };
    }

    // RFC 6386 9.1: frame tag (3 bytes; bit 0 = 0 for a key frame), start code 9D 01 2A,
    // then 16-bit little-endian width and height whose top two bits are a scaling hint.
    private static ImageInfo ReadLossy(ReadOnlySpan<byte> frame, uint chunkSize)
    {
        if (chunkSize < 10)
        {
            throw new HeaderCorruptException($"the VP8 chunk is {chunkSize} bytes long, too short for a frame header");
        }

        if ((frame[0] & 0x01) != 0)
        {
            throw new HeaderCorruptException("the VP8 data does not start with a key frame");
        }

        if (frame[3] != 0x9D || frame[4] != 0x01 || frame[5] != 0x2A)
        {
            throw new HeaderCorruptException("the VP8 key frame has no start code (9D 01 2A)");
        }

        int width = BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]) & 0x3FFF;
        int height = BinaryPrimitives.ReadUInt16LittleEndian(frame[8..]) & 0x3FFF;
        HeaderChecks.Dimensions(width, height, 0x3FFF, "VP8 frame header");
        return new ImageInfo(ImageFormat.WebP, width, height) { BitDepth = BitsPerSample, IsLossy = true };
    }

    // WebP lossless bitstream spec 3.2: signature 0x2F, then 14 bits width-1, 14 bits height-1, 1 bit alpha, 3 bits version (0).
    private static ImageInfo ReadLossless(ReadOnlySpan<byte> header, uint chunkSize)
    {
        if (chunkSize < 5 || header[0] != 0x2F)
        {
            throw new HeaderCorruptException("the VP8L chunk does not start with the lossless signature byte 0x2F");
        }

        uint bits = BinaryPrimitives.ReadUInt32LittleEndian(header[1..]);
        if (bits >> 29 != 0)
        {
            throw new HeaderCorruptException($"the VP8L header gives version {bits >> 29} (only 0 exists)");
        }

        int width = (int)(bits & 0x3FFF) + 1;
        int height = (int)((bits >> 14) & 0x3FFF) + 1;
        return new ImageInfo(ImageFormat.WebP, width, height) { BitDepth = BitsPerSample };
    }

    // VP8X payload: flags(1) reserved(3) canvas width-1 (24-bit LE) canvas height-1 (24-bit LE).
    private static ImageInfo ReadExtended(HeaderBytes data, uint chunkSize, long riffEnd)
    {
        if (chunkSize < 10)
        {
            throw new HeaderCorruptException($"the VP8X chunk is {chunkSize} bytes long instead of 10");
        }

        ReadOnlySpan<byte> payload = data.Read(PayloadOffset, 10, "VP8X chunk");
        byte flags = payload[0];
        long width = ReadUInt24(payload[4..]) + 1L;
        long height = ReadUInt24(payload[7..]) + 1L;
        if (width * height > uint.MaxValue)
        {
            throw new HeaderCorruptException($"the VP8X chunk gives a canvas of {width}x{height}, over the 2^32 - 1 pixels WebP allows");
        }

        var info = new ImageInfo(ImageFormat.WebP, (int)width, (int)height) { BitDepth = BitsPerSample };
        bool animated = (flags & AnimationFlag) != 0;
        (int frames, int orientation, bool lossy) = WalkChunks(data, PayloadOffset + PaddedSize(chunkSize), riffEnd, toTheEnd: animated || (flags & ExifFlag) != 0);
        return info with
        {
            IsAnimated = animated,
            FrameCount = animated ? Math.Max(1, frames) : 1,
            Orientation = orientation,
            IsLossy = lossy && !animated,
        };
    }

    // Optional: stops quietly where the data or the RIFF size ends. Each step moves at least one chunk header forward.
    // Lossy: the still image's own chunk is "VP8 " (an ALPH chunk may come before it). Frames and EXIF (which follows
    // the image) are looked for only when the flags announce them (toTheEnd); otherwise the walk ends at the image.
    private static (int Frames, int Orientation, bool Lossy) WalkChunks(HeaderBytes data, long position, long riffEnd, bool toTheEnd)
    {
        int frames = 0;
        int? orientation = null;
        bool lossy = false;
        while (position + ChunkHeaderLength <= riffEnd && data.TryRead(position, ChunkHeaderLength, out ReadOnlySpan<byte> head))
        {
            uint fourCc = BinaryPrimitives.ReadUInt32LittleEndian(head);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
            if (fourCc == AnimationFrame)
            {
                frames++;
            }
            else if (fourCc is Vp8 or Vp8L)
            {
                lossy |= fourCc == Vp8;
                if (!toTheEnd)
                {
                    break;
                }
            }
            else if (fourCc == ExifChunk && toTheEnd && orientation is null)
            {
                if (!data.TryRead(position + ChunkHeaderLength, size, out ReadOnlySpan<byte> exif))
                {
                    break;
                }

                // The container spec says the payload is the TIFF header; some writers keep JPEG's "Exif\0\0" in front.
                orientation = ExifOrientationReader.ReadFromExifPayload(exif);
            }

            position += ChunkHeaderLength + PaddedSize(size);
        }

        return (frames, orientation ?? ExifOrientationReader.Upright, lossy);
    }

    // Chunks with an odd size are followed by one padding byte.
    private static long PaddedSize(uint size) => size + (size & 1L);

    private static int ReadUInt24(ReadOnlySpan<byte> span) => span[0] | (span[1] << 8) | (span[2] << 16);
}
