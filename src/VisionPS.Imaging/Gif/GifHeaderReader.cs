using System.Buffers.Binary;

namespace VisionPS.Imaging.Gif;

/// <summary>
/// Reads the logical screen descriptor (GIF89a spec section 18) and counts frames by walking the blocks that follow:
/// image descriptors (0x2C) with their colour tables and LZW sub-blocks, extensions (0x21) with their sub-blocks,
/// up to the trailer (0x3B). Only block headers and sub-block lengths are looked at; no LZW data is decoded.
/// </summary>
/// <remarks>
/// The frame walk is optional: when the data ends early or a block is damaged, the frames seen so far are reported,
/// so a file cut after its first frame (or inside it) is still identified by its screen size.
/// </remarks>
internal static class GifHeaderReader
{
    private const int ScreenDescriptorOffset = 6;       // after "GIF87a" / "GIF89a"
    private const int ScreenDescriptorLength = 7;
    private const int ImageDescriptorLength = 10;       // separator(1) left(2) top(2) width(2) height(2) packed(1)
    private const byte ImageSeparator = 0x2C;
    private const byte ExtensionIntroducer = 0x21;
    private const byte Trailer = 0x3B;
    private const int BitsPerIndex = 8;

    public static ImageInfo Read(HeaderBytes data)
    {
        ReadOnlySpan<byte> screen = data.Read(ScreenDescriptorOffset, ScreenDescriptorLength, "logical screen descriptor");
        int width = BinaryPrimitives.ReadUInt16LittleEndian(screen);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(screen[2..]);
        long position = ScreenDescriptorOffset + ScreenDescriptorLength + ColourTableLength(screen[4]);

        FrameWalk walk = CountFrames(data, position);

        // A few encoders write a 0x0 logical screen; browsers then size the canvas from the first frame.
        if ((width == 0 || height == 0) && walk.Frames > 0)
        {
            width = walk.FirstFrameRight;
            height = walk.FirstFrameBottom;
        }

        HeaderChecks.Dimensions(width, height, ushort.MaxValue, "logical screen descriptor");
        int frames = Math.Max(1, walk.Frames);
        return new ImageInfo(ImageFormat.Gif, width, height) { BitDepth = BitsPerIndex, IsAnimated = frames > 1, FrameCount = frames };
    }

    // Packed field: bit 7 = colour table present, bits 0-2 = N, table = 2^(N+1) RGB triples.
    private static int ColourTableLength(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0;

    private static FrameWalk CountFrames(HeaderBytes data, long position)
    {
        var walk = default(FrameWalk);
        while (data.TryRead(position, 1, out ReadOnlySpan<byte> introducer))
        {
            switch (introducer[0])
            {
                case ImageSeparator:
                    if (!data.TryRead(position, ImageDescriptorLength, out ReadOnlySpan<byte> descriptor))
                    {
                        return walk;
                    }

                    if (walk.Frames++ == 0)
                    {
                        walk.FirstFrameRight = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[1..]) + BinaryPrimitives.ReadUInt16LittleEndian(descriptor[5..]);
                        walk.FirstFrameBottom = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[3..]) + BinaryPrimitives.ReadUInt16LittleEndian(descriptor[7..]);
                    }

                    // Local colour table, then the LZW minimum code size byte, then the data sub-blocks.
                    position = SkipSubBlocks(data, position + ImageDescriptorLength + ColourTableLength(descriptor[9]) + 1);
                    break;
                case ExtensionIntroducer:
                    position = SkipSubBlocks(data, position + 2); // introducer, label
                    break;
                case Trailer:
                default:
                    return walk; // the end, or a byte that starts no block: nothing more to count
            }

            if (position < 0)
            {
                return walk;
            }
        }

        return walk;
    }

    // Sub-blocks: a size byte then that many bytes, ended by a zero size. Returns the position after the
    // terminator, or -1 when the data ends first. Each step moves forward at least one byte.
    private static long SkipSubBlocks(HeaderBytes data, long position)
    {
        while (data.TryRead(position, 1, out ReadOnlySpan<byte> size))
        {
            position += 1 + size[0];
            if (size[0] == 0)
            {
                return position;
            }
        }

        return -1;
    }

    private struct FrameWalk
    {
        public int Frames;
        public int FirstFrameRight;
        public int FirstFrameBottom;
    }
}
