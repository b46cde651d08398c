using System.Buffers.Binary;
using VisionPS.Imaging.Jpeg;

namespace VisionPS.Imaging.Metadata;

/// <summary>
/// Copies a JPEG's marker segments except metadata: APP1 (Exif with GPS, XMP), APP13 (IPTC/Photoshop), COM and every
/// other APPn are dropped; APP0 JFIF, APP2 ICC_PROFILE and APP14 Adobe (its colour-transform flag changes how the
/// samples decode) are kept, as are all table, frame and scan segments. Entropy-coded data is copied byte for byte,
/// stuffed zeros and RSTn markers included. Bytes after EOI are dropped.
/// </summary>
internal static class JpegMetadataStripper
{
    private const byte App0 = 0xE0;
    private const byte App2 = 0xE2;
    private const byte App14 = 0xEE;
    private const byte App15 = 0xEF;
    private const byte Comment = 0xFE;

    public static byte[] Strip(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != JpegMarker.Prefix || data[1] != JpegMarker.StartOfImage)
        {
            throw new HeaderCorruptException("the data does not start with the JPEG SOI marker (FF D8)");
        }

        var output = new StrippedOutput(data.Length);
        output.Append(data[..2]);
        int position = 2;
        while (true)
        {
            if (position >= data.Length || data[position] != JpegMarker.Prefix)
            {
                throw position >= data.Length
                    ? new PixelDataCorruptException($"the data ends after {data.Length} bytes, before the EOI marker")
                    : new PixelDataCorruptException($"byte {position} should start a marker (FF) but is 0x{data[position]:X2}");
            }

            // Any number of FF fill bytes may precede a marker code (T.81 B.1.1.2); they are not copied.
            while (position < data.Length && data[position] == JpegMarker.Prefix)
            {
                position++;
            }

            if (position >= data.Length)
            {
                throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, inside a marker");
            }

            byte marker = data[position];
            int markerStart = position - 1;
            position++;
            if (marker == JpegMarker.EndOfImage)
            {
                output.Append([JpegMarker.Prefix, JpegMarker.EndOfImage]);
                return output.ToArray();
            }

            if (JpegMarker.IsStandalone(marker) || marker == 0x00)
            {
                throw new PixelDataCorruptException($"marker {JpegMarker.Name(marker)} at byte {markerStart} stands outside a scan");
            }

            int segmentEnd = SegmentEnd(data, markerStart, marker);
            ReadOnlySpan<byte> segment = data[markerStart..segmentEnd];
            position = segmentEnd;
            if (Keep(marker, segment[4..]))
            {
                output.Append(segment);
            }

            if (marker == JpegMarker.StartOfScan)
            {
                int scanEnd = EntropyCodedDataEnd(data, position);
                output.Append(data[position..scanEnd]);
                position = scanEnd;
            }
        }
    }

    private static int SegmentEnd(ReadOnlySpan<byte> data, int markerStart, byte marker)
    {
        if (markerStart + 4 > data.Length)
        {
            throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, inside the length of the {JpegMarker.Name(marker)} segment");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[(markerStart + 2)..]);
        if (length < 2)
        {
            throw new HeaderCorruptException($"the {JpegMarker.Name(marker)} segment at byte {markerStart} declares a length of {length}");
        }

        if (markerStart + 2 + length > data.Length)
        {
            throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, inside the {JpegMarker.Name(marker)} segment that starts at byte {markerStart}");
        }

        return markerStart + 2 + length;
    }

    private static bool Keep(byte marker, ReadOnlySpan<byte> payload) => marker switch
    {
        App0 => payload.StartsWith("JFIF\0"u8),
        App2 => payload.StartsWith("ICC_PROFILE\0"u8),
        App14 => payload.StartsWith("Adobe"u8),
        >= App0 and <= App15 => false,
        Comment => false,
        _ => true,
    };

    /// <summary>Offset of the FF that starts the first marker after the scan other than a stuffed zero or an RSTn.</summary>
    private static int EntropyCodedDataEnd(ReadOnlySpan<byte> data, int start)
    {
        int position = start;
        while (true)
        {
            int next = data[position..].IndexOf(JpegMarker.Prefix);
            if (next < 0)
            {
                throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, inside the entropy-coded data of the scan at byte {start}");
            }

            position += next;
            int code = position + 1;
            while (code < data.Length && data[code] == JpegMarker.Prefix)
            {
                code++;
            }

            if (code >= data.Length)
            {
                throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, inside the entropy-coded data of the scan at byte {start}");
            }

            byte marker = data[code];
            if ((marker == 0x00 && code == position + 1) || marker is >= JpegMarker.Restart0 and <= JpegMarker.Restart7)
            {
                position = code + 1;
                continue;
            }

            return position;
        }
    }
}
