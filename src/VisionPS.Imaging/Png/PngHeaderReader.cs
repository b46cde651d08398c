using System.Buffers.Binary;
using VisionPS.Imaging.Exif;

namespace VisionPS.Imaging.Png;

/// <summary>
/// Reads IHDR (PNG spec 11.2.2), then walks the chunks before the first IDAT for <c>acTL</c> (APNG),
/// <c>eXIf</c> and ImageMagick's legacy "Raw profile type exif" text chunks. Stops at the first IDAT; CRCs are not checked.
/// </summary>
internal static class PngHeaderReader
{
    private const int SignatureLength = 8;
    private const int ChunkOverhead = 12; // length(4) + type(4) + CRC(4)
    private const int HeaderDataLength = 13;

    public static ImageInfo Read(HeaderBytes data)
    {
        ReadOnlySpan<byte> chunkHead = data.Read(SignatureLength, 8, "IHDR chunk");
        uint headerLength = BinaryPrimitives.ReadUInt32BigEndian(chunkHead);
        var firstType = (PngChunkType)BinaryPrimitives.ReadUInt32BigEndian(chunkHead[4..]);
        if (firstType != PngChunkType.Header)
        {
            throw new HeaderCorruptException($"the first chunk is '{FourCc.ToText(chunkHead[4..])}', but a PNG must start with IHDR");
        }

        if (headerLength != HeaderDataLength)
        {
            throw new HeaderCorruptException($"the IHDR chunk is {headerLength} bytes long instead of {HeaderDataLength}");
        }

        ImageInfo info = ReadHeader(data.Read(SignatureLength + 8, HeaderDataLength, "IHDR chunk"));
        return ReadChunksBeforeImageData(data, SignatureLength + ChunkOverhead + HeaderDataLength, info);
    }

    // IHDR: width(4) height(4) bit depth(1) colour type(1) compression(1) filter(1) interlace(1).
    private static ImageInfo ReadHeader(ReadOnlySpan<byte> ihdr)
    {
        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        byte bitDepth = ihdr[8];
        byte colourType = ihdr[9];

        // PNG limits each side to 2^31 - 1.
        HeaderChecks.Dimensions(width, height, int.MaxValue, "IHDR chunk");
        if (!IsAllowedDepth(colourType, bitDepth))
        {
            throw new HeaderCorruptException($"the IHDR chunk gives colour type {colourType} with bit depth {bitDepth}, a combination PNG does not allow");
        }

        if (ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
        {
            throw new HeaderCorruptException($"the IHDR chunk gives compression {ihdr[10]}, filter {ihdr[11]}, interlace {ihdr[12]} (PNG defines only 0, 0 and 0 or 1)");
        }

        return new ImageInfo(ImageFormat.Png, (int)width, (int)height) { BitDepth = bitDepth };
    }

    // PNG spec Table 11.1.
    private static bool IsAllowedDepth(byte colourType, byte bitDepth) => colourType switch
    {
        0 => bitDepth is 1 or 2 or 4 or 8 or 16,
        3 => bitDepth is 1 or 2 or 4 or 8,
        2 or 4 or 6 => bitDepth is 8 or 16,
        _ => false,
    };

    // Everything here is optional: when the data ends early, or a chunk length is impossible, the walk stops and
    // the size from IHDR stands (the decoder reports the damage if the image is decoded).
    private static ImageInfo ReadChunksBeforeImageData(HeaderBytes data, long position, ImageInfo info)
    {
        int? exifOrientation = null;
        int? legacyOrientation = null;

        while (data.TryRead(position, 8, out ReadOnlySpan<byte> head))
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(head);
            var type = (PngChunkType)BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
            if (length > int.MaxValue || type is PngChunkType.Data or PngChunkType.End)
            {
                break;
            }

            if (type is PngChunkType.AnimationControl or PngChunkType.Exif or PngChunkType.Text
                or PngChunkType.CompressedText or PngChunkType.InternationalText)
            {
                if (!data.TryRead(position + 8, length, out ReadOnlySpan<byte> chunk))
                {
                    break;
                }

                switch (type)
                {
                    case PngChunkType.AnimationControl when chunk.Length >= 8:
                        // acTL: num_frames(4) num_plays(4).
                        uint frames = BinaryPrimitives.ReadUInt32BigEndian(chunk);
                        info = info with { IsAnimated = true, FrameCount = (int)Math.Clamp(frames, 1u, int.MaxValue) };
                        break;
                    case PngChunkType.Exif:
                        exifOrientation ??= ExifOrientationReader.ReadFromExifPayload(chunk);
                        break;
                    case PngChunkType.Text or PngChunkType.CompressedText or PngChunkType.InternationalText when legacyOrientation is null:
                        legacyOrientation = PngLegacyExifReader.ReadOrientation(type, chunk);
                        break;
                }
            }

            position += ChunkOverhead + length;
        }

        // The standard eXIf chunk wins over the legacy text form when both are present.
        int orientation = exifOrientation ?? legacyOrientation ?? ExifOrientationReader.Upright;
        return info with { Orientation = orientation };
    }
}
