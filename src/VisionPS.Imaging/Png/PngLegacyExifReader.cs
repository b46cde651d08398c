using System.IO.Compression;
using VisionPS.Imaging.Exif;

namespace VisionPS.Imaging.Png;

/// <summary>
/// Reads the orientation from EXIF that ImageMagick stores in PNG text chunks (tEXt, zTXt or iTXt) under the keyword
/// "Raw profile type exif" (older versions: "Raw profile type APP1"), written before PNG had an eXIf chunk.
/// </summary>
/// <remarks>
/// The text is <c>"\n" name "\n" spaces decimal-length "\n"</c> followed by the profile as hex digits in lines.
/// The profile usually starts with <c>Exif\0\0</c>, sometimes directly with the TIFF header.
/// </remarks>
internal static class PngLegacyExifReader
{
    // An EXIF block fits in 64 KiB (one JPEG APP1 segment), i.e. about 130 KiB of hex text; 1 MiB leaves room
    // while stopping a zlib bomb in a text chunk from costing real memory.
    private const int MaxInflatedLength = 1 << 20;

    private static ReadOnlySpan<byte> ExifKeyword => "Raw profile type exif"u8;

    private static ReadOnlySpan<byte> App1Keyword => "Raw profile type APP1"u8;

    /// <summary>The orientation when the chunk holds an EXIF raw profile (1 if it has no valid orientation); null for any other text chunk.</summary>
    public static int? ReadOrientation(PngChunkType type, ReadOnlySpan<byte> chunk)
    {
        int keywordEnd = chunk.IndexOf((byte)0);
        if (keywordEnd < 0)
        {
            return null;
        }

        ReadOnlySpan<byte> keyword = chunk[..keywordEnd];
        if (!keyword.SequenceEqual(ExifKeyword) && !keyword.SequenceEqual(App1Keyword))
        {
            return null;
        }

        byte[]? text = ExtractText(type, chunk[(keywordEnd + 1)..]);
        byte[]? profile = text is null ? null : DecodeRawProfile(text);
        return profile is null ? null : ExifOrientationReader.ReadFromExifPayload(profile);
    }

    // tEXt: text. zTXt: method(1) zlib data. iTXt: compressed flag(1) method(1) language\0 translated keyword\0 text.
    private static byte[]? ExtractText(PngChunkType type, ReadOnlySpan<byte> afterKeyword)
    {
        switch (type)
        {
            case PngChunkType.Text:
                return afterKeyword.ToArray();
            case PngChunkType.CompressedText:
                return afterKeyword.Length >= 1 && afterKeyword[0] == 0 ? Inflate(afterKeyword[1..]) : null;
            case PngChunkType.InternationalText:
                if (afterKeyword.Length < 2 || afterKeyword[1] != 0)
                {
                    return null;
                }

                bool compressed = afterKeyword[0] == 1;
                ReadOnlySpan<byte> rest = afterKeyword[2..];
                for (int skip = 0; skip < 2; skip++) // language tag, translated keyword
                {
                    int end = rest.IndexOf((byte)0);
                    if (end < 0)
                    {
                        return null;
                    }

                    rest = rest[(end + 1)..];
                }

                return compressed ? Inflate(rest) : rest.ToArray();
            default:
                return null;
        }
    }

    private static byte[]? Inflate(ReadOnlySpan<byte> zlibData)
    {
        try
        {
            using var input = new MemoryStream(zlibData.ToArray(), writable: false);
            using var inflater = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while (output.Length < MaxInflatedLength && (read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null; // damaged compressed metadata: treated as absent
        }
    }

    private static byte[]? DecodeRawProfile(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++; // leading "\n"
        }

        while (i < text.Length && text[i] != (byte)'\n')
        {
            i++; // profile name ("exif")
        }

        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        long declaredLength = 0;
        while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9' && declaredLength <= text.Length)
        {
            declaredLength = (declaredLength * 10) + (text[i] - '0');
            i++;
        }

        // Two hex digits per byte, so the text bounds the profile whatever length it declares.
        int length = (int)Math.Min(declaredLength, (text.Length - i) / 2);
        if (length <= 0)
        {
            return null;
        }

        var profile = new byte[length];
        int count = 0;
        int high = -1;
        for (; i < text.Length && count < length; i++)
        {
            if (IsSpace(text[i]))
            {
                continue;
            }

            int nibble = HexValue(text[i]);
            if (nibble < 0)
            {
                break;
            }

            if (high < 0)
            {
                high = nibble;
            }
            else
            {
                profile[count++] = (byte)((high << 4) | nibble);
                high = -1;
            }
        }

        return profile.AsSpan(0, count).ToArray();
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
