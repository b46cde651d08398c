using System.Buffers.Binary;

namespace VisionPS.Imaging.Metadata;

/// <summary>
/// Copies a WebP's RIFF chunks except <c>EXIF</c> and <c>XMP </c>, clears the matching flags in <c>VP8X</c> and
/// rewrites the RIFF size. Bytes after the RIFF size (or a missing pad byte at the very end) are not copied.
/// </summary>
internal static class WebPMetadataStripper
{
    private const int RiffHeaderLength = 12;
    private const int ChunkHeaderLength = 8;
    private const byte ExifFlag = 0x08;
    private const byte XmpFlag = 0x04;

    public static byte[] Strip(ReadOnlySpan<byte> data)
    {
        if (data.Length < RiffHeaderLength || !data.StartsWith("RIFF"u8) || !data[8..].StartsWith("WEBP"u8))
        {
            throw new HeaderCorruptException("the data does not start with a RIFF WEBP header");
        }

        long riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffEnd < RiffHeaderLength)
        {
            throw new HeaderCorruptException($"the RIFF header declares {riffEnd - 8} bytes, too few for the WEBP form type");
        }

        if (riffEnd > data.Length)
        {
            throw new PixelDataCorruptException($"the RIFF header declares {riffEnd} bytes but the data ends after {data.Length}");
        }

        var output = new StrippedOutput(data.Length);
        output.Append(data[..RiffHeaderLength]);
        int vp8xOffset = -1;
        int position = RiffHeaderLength;
        while (position < riffEnd)
        {
            if (riffEnd - position < ChunkHeaderLength)
            {
                throw new PixelDataCorruptException($"the data ends inside the chunk header at byte {position}");
            }

            ReadOnlySpan<byte> fourCc = data.Slice(position, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(data[(position + 4)..]);
            long end = position + ChunkHeaderLength + (long)size + (size & 1);
            if (end > riffEnd)
            {
                // Some writers leave out the pad byte of the last chunk; everything else that overruns is damage.
                if (end - 1 != riffEnd || (size & 1) == 0)
                {
                    throw new PixelDataCorruptException($"the '{FourCc.ToText(fourCc)}' chunk at byte {position} declares {size} bytes, more than the RIFF data holds");
                }

                end = riffEnd;
            }

            if (!fourCc.SequenceEqual("EXIF"u8) && !fourCc.SequenceEqual("XMP "u8))
            {
                if (fourCc.SequenceEqual("VP8X"u8) && size >= 1)
                {
                    vp8xOffset = output.Length + ChunkHeaderLength;
                }

                output.Append(data[position..(int)end]);
            }

            position = (int)end;
        }

        Span<byte> written = output.Written;
        if (vp8xOffset >= 0)
        {
            written[vp8xOffset] &= unchecked((byte)~(ExifFlag | XmpFlag));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(written[4..], (uint)(written.Length - 8));
        return output.ToArray();
    }
}
