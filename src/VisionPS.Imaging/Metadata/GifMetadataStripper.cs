namespace VisionPS.Imaging.Metadata;

/// <summary>
/// Copies a GIF's blocks except comment extensions and application extensions other than the animation loop ones
/// (NETSCAPE2.0, ANIMEXTS1.0); XMP travels in an "XMP DataXMP" application extension. Graphic control and plain text
/// extensions and all image data are copied as they are. Bytes after the trailer are dropped.
/// </summary>
internal static class GifMetadataStripper
{
    private const int HeaderLength = 6 + 7; // signature and version, logical screen descriptor
    private const int ImageDescriptorLength = 10;
    private const byte ImageSeparator = 0x2C;
    private const byte ExtensionIntroducer = 0x21;
    private const byte Trailer = 0x3B;
    private const byte CommentLabel = 0xFE;
    private const byte ApplicationLabel = 0xFF;

    public static byte[] Strip(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength || !(data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)))
        {
            throw new HeaderCorruptException("the data does not start with a GIF87a/GIF89a header");
        }

        int position = HeaderLength + ColourTableLength(data[10]);
        var output = new StrippedOutput(data.Length);
        output.Append(data[..Math.Min(position, data.Length)]);
        while (true)
        {
            if (position >= data.Length)
            {
                throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, before the GIF trailer");
            }

            int start = position;
            switch (data[position])
            {
                case Trailer:
                    output.Append(data.Slice(position, 1));
                    return output.ToArray();

                case ImageSeparator:
                    position += ImageDescriptorLength;
                    if (position > data.Length)
                    {
                        throw new PixelDataCorruptException($"the data ends inside the image descriptor at byte {start}");
                    }

                    position += ColourTableLength(data[position - 1]) + 1; // local colour table, LZW minimum code size
                    position = SubBlocksEnd(data, position, start);
                    output.Append(data[start..position]);
                    break;

                case ExtensionIntroducer:
                    if (position + 2 > data.Length)
                    {
                        throw new PixelDataCorruptException($"the data ends inside the extension at byte {start}");
                    }

                    byte label = data[position + 1];
                    position = SubBlocksEnd(data, position + 2, start);
                    if (Keep(label, data[(start + 2)..position]))
                    {
                        output.Append(data[start..position]);
                    }

                    break;

                default:
                    throw new PixelDataCorruptException($"byte {position} is 0x{data[position]:X2}, not an image, extension or trailer");
            }
        }
    }

    private static bool Keep(byte label, ReadOnlySpan<byte> subBlocks) => label switch
    {
        CommentLabel => false,
        ApplicationLabel => subBlocks.Length >= 12 && subBlocks[0] == 11
            && (subBlocks[1..12].SequenceEqual("NETSCAPE2.0"u8) || subBlocks[1..12].SequenceEqual("ANIMEXTS1.0"u8)),
        _ => true,
    };

    // Packed field: bit 7 = colour table present, bits 0-2 = N, table = 2^(N+1) RGB triples.
    private static int ColourTableLength(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0;

    /// <summary>Offset just past the zero-length block that ends the sub-blocks starting at <paramref name="position"/>.</summary>
    private static int SubBlocksEnd(ReadOnlySpan<byte> data, int position, int blockStart)
    {
        while (true)
        {
            if (position >= data.Length)
            {
                throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, inside the data sub-blocks of the block at byte {blockStart}");
            }

            int length = data[position];
            position += 1 + length;
            if (length == 0)
            {
                return position;
            }
        }
    }
}
