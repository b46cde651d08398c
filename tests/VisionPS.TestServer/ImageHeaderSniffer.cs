using System.Buffers.Binary;

namespace VisionPS.TestServer;

/// <summary>What the header sniffer found.</summary>
internal enum SniffStatus
{
    /// <summary>Magic bytes of an accepted format and a readable size.</summary>
    Ok,
    /// <summary>No PNG/JPEG/GIF/WebP magic bytes (includes BMP, HEIC, empty input, text).</summary>
    UnsupportedFormat,
    /// <summary>Known magic bytes, but the header is cut off or gives no usable width/height.</summary>
    Unreadable,
}

/// <summary>Result of <see cref="ImageHeaderSniffer.Sniff"/>.</summary>
internal readonly record struct SniffResult(SniffStatus Status, string? MimeType, int Width, int Height, bool IsAnimated);

/// <summary>
/// Minimal, header-only image identification (vision-api-facts §4). Pixels are never decoded: the server
/// needs only the format and the size, so a PNG made of the signature and an IHDR chunk is a valid image here.
/// Animated GIF = more than one image descriptor (0x2C) in the block stream.
/// </summary>
internal static class ImageHeaderSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static SniffResult Sniff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(PngSignature))
        {
            return Png(data);
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return Jpeg(data);
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return Gif(data);
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return WebP(data);
        }

        return new SniffResult(SniffStatus.UnsupportedFormat, null, 0, 0, false);
    }

    private static SniffResult Ok(string mime, long width, long height, bool animated = false)
        => width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue
            ? new SniffResult(SniffStatus.Ok, mime, (int)width, (int)height, animated)
            : Unreadable(mime);

    private static SniffResult Unreadable(string mime) => new(SniffStatus.Unreadable, mime, 0, 0, false);

    // PNG: IHDR must be the first chunk: length @8, "IHDR" @12, width BE @16, height BE @20.
    private static SniffResult Png(ReadOnlySpan<byte> d)
    {
        const string mime = "image/png";
        if (d.Length < 24 || !d.Slice(12, 4).SequenceEqual("IHDR"u8) || BinaryPrimitives.ReadUInt32BigEndian(d[8..]) < 13)
        {
            return Unreadable(mime);
        }

        return Ok(mime, BinaryPrimitives.ReadUInt32BigEndian(d[16..]), BinaryPrimitives.ReadUInt32BigEndian(d[20..]));
    }

    // JPEG: walk marker segments to the first SOFn; its payload is precision, height BE, width BE.
    private static SniffResult Jpeg(ReadOnlySpan<byte> d)
    {
        const string mime = "image/jpeg";
        int pos = 2;
        while (pos < d.Length)
        {
            if (d[pos] != 0xFF)
            {
                return Unreadable(mime);
            }

            while (pos < d.Length && d[pos] == 0xFF)
            {
                pos++; // marker prefix and fill bytes
            }

            if (pos >= d.Length)
            {
                break;
            }

            byte marker = d[pos++];
            if (marker is 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                continue; // standalone markers carry no length
            }

            if (marker is 0xD9 or 0xDA || pos + 2 > d.Length)
            {
                break; // EOI or start of scan before any frame header, or cut off
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(d[pos..]);
            if (length < 2)
            {
                break;
            }

            bool isSof = marker is (>= 0xC0 and <= 0xC3) or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF);
            if (isSof)
            {
                if (length < 7 || pos + 7 > d.Length)
                {
                    break;
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(d[(pos + 3)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(d[(pos + 5)..]);
                return Ok(mime, width, height);
            }

            pos += length;
        }

        return Unreadable(mime);
    }

    // GIF: logical screen width/height LE @6/@8; frames counted by walking the block stream.
    private static SniffResult Gif(ReadOnlySpan<byte> d)
    {
        const string mime = "image/gif";
        if (d.Length < 13)
        {
            return Unreadable(mime);
        }

        int width = BinaryPrimitives.ReadUInt16LittleEndian(d[6..]);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(d[8..]);
        return Ok(mime, width, height, CountGifFrames(d) > 1);
    }

    /// <summary>Image descriptors seen before the trailer or the end of the data.</summary>
    internal static int CountGifFrames(ReadOnlySpan<byte> d)
    {
        int pos = 13;
        byte flags = d[10];
        if ((flags & 0x80) != 0)
        {
            pos += 3 << ((flags & 7) + 1);
        }

        int frames = 0;
        while (pos < d.Length)
        {
            byte introducer = d[pos++];
            if (introducer == 0x3B)
            {
                break; // trailer
            }

            if (introducer == 0x21)
            {
                pos++; // extension label
                if (!SkipSubBlocks(d, ref pos))
                {
                    break;
                }
            }
            else if (introducer == 0x2C)
            {
                frames++;
                if (frames > 1 || pos + 9 > d.Length)
                {
                    break;
                }

                byte local = d[pos + 8];
                pos += 9;
                if ((local & 0x80) != 0)
                {
                    pos += 3 << ((local & 7) + 1);
                }

                pos++; // LZW minimum code size
                if (!SkipSubBlocks(d, ref pos))
                {
                    break;
                }
            }
            else
            {
                break; // not a GIF block: stop counting
            }
        }

        return frames;
    }

    private static bool SkipSubBlocks(ReadOnlySpan<byte> d, ref int pos)
    {
        while (pos < d.Length)
        {
            int size = d[pos++];
            if (size == 0)
            {
                return true;
            }

            pos += size;
        }

        return false;
    }

    // WebP: RIFF container; size from the VP8 frame header, the VP8L bit fields, or the VP8X canvas.
    private static SniffResult WebP(ReadOnlySpan<byte> d)
    {
        const string mime = "image/webp";
        if (d.Length < 20)
        {
            return Unreadable(mime);
        }

        ReadOnlySpan<byte> fourCc = d.Slice(12, 4);
        if (fourCc.SequenceEqual("VP8 "u8))
        {
            if (d.Length < 30 || d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A)
            {
                return Unreadable(mime);
            }

            return Ok(mime, BinaryPrimitives.ReadUInt16LittleEndian(d[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(d[28..]) & 0x3FFF);
        }

        if (fourCc.SequenceEqual("VP8L"u8))
        {
            if (d.Length < 25 || d[20] != 0x2F)
            {
                return Unreadable(mime);
            }

            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(d[21..]);
            return Ok(mime, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }

        if (fourCc.SequenceEqual("VP8X"u8))
        {
            if (d.Length < 30)
            {
                return Unreadable(mime);
            }

            int width = (d[24] | (d[25] << 8) | (d[26] << 16)) + 1;
            int height = (d[27] | (d[28] << 8) | (d[29] << 16)) + 1;
            return Ok(mime, width, height, animated: (d[20] & 0x02) != 0);
        }

        return Unreadable(mime);
    }
}
