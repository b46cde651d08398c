using System.Buffers.Binary;
using VisionPS.Imaging.Exif;

namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// Walks JPEG marker segments (ITU-T T.81 B.1) up to the first frame header (SOFn), which holds precision,
/// height and width; an APP1 <c>Exif</c> segment on the way gives the orientation. Stops at SOF and never reads scan data.
/// </summary>
internal static class JpegHeaderReader
{
    private const int MaxSide = ushort.MaxValue;
    private const string BeforeFrameHeader = "marker segments before the frame header (SOF)";

    public static ImageInfo Read(HeaderBytes data)
    {
        int orientation = ExifOrientationReader.Upright;
        bool exifSeen = false;
        long position = 2; // after SOI (FF D8), which the format detector has checked

        while (true)
        {
            // T.81 B.1.1.2: any number of FF fill bytes may precede a marker. Like libjpeg, skip stray non-FF bytes
            // between segments instead of failing; the decoder reports damaged data later if it matters.
            if (data.Read(position, 1, BeforeFrameHeader)[0] != JpegMarker.Prefix)
            {
                position++;
                continue;
            }

            byte marker = data.Read(position + 1, 1, BeforeFrameHeader)[0];
            if (marker == JpegMarker.Prefix)
            {
                position++;
                continue;
            }

            long markerOffset = position;
            position += 2;
            if (marker == 0x00 || JpegMarker.IsStandalone(marker))
            {
                continue; // FF 00 is a stuffed byte, not a marker; RSTn/SOI/TEM have no length
            }

            if (marker == JpegMarker.EndOfImage)
            {
                throw new HeaderCorruptException($"the image ends (EOI marker at offset {markerOffset}) before any frame header (SOF) gives its size");
            }

            if (marker == JpegMarker.StartOfScan)
            {
                throw new HeaderCorruptException($"scan data (SOS marker at offset {markerOffset}) starts before any frame header (SOF) gives the image size");
            }

            string name = JpegMarker.Name(marker);
            int length = BinaryPrimitives.ReadUInt16BigEndian(data.Read(position, 2, $"{name} segment length"));
            if (length < 2)
            {
                throw new HeaderCorruptException($"the {name} segment at offset {markerOffset} has an impossible length of {length}");
            }

            if (JpegMarker.IsStartOfFrame(marker))
            {
                // SOF3, 7, 11 and 15 are the lossless processes; every other frame is DCT-coded, so lossy.
                bool lossy = marker is not (0xC3 or 0xC7 or 0xCB or 0xCF);
                return ReadFrameHeader(data.Read(position + 2, 5, $"{name} frame header"), name, orientation) with { IsLossy = lossy };
            }

            // The whole segment is needed anyway to reach the next marker, so a cut inside it is reported by its name.
            ReadOnlySpan<byte> payload = data.Read(position + 2, length - 2, $"{name} segment");
            if (marker == JpegMarker.App1 && !exifSeen && payload.StartsWith(ExifOrientationReader.ExifIdentifier))
            {
                exifSeen = true; // the first Exif APP1 is the image's; later ones (rare) are ignored
                orientation = ExifOrientationReader.ReadFromExifPayload(payload);
            }

            position += length;
        }
    }

    // Frame header (T.81 B.2.2): P (precision, 1 byte), Y (lines, 2), X (samples per line, 2), Nf, components...
    private static ImageInfo ReadFrameHeader(ReadOnlySpan<byte> frame, string name, int orientation)
    {
        int precision = frame[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(frame[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(frame[3..]);

        // 8 or 12 bits for DCT processes, 2..16 for lossless (T.81 B.2.2, Table B.2).
        if (precision is < 2 or > 16)
        {
            throw new HeaderCorruptException($"the {name} frame header gives a sample precision of {precision} bits (must be 2 to 16)");
        }

        // Y = 0 would mean "height given later by a DNL marker"; no encoder in practice writes that, so it is refused like width 0.
        HeaderChecks.Dimensions(width, height, MaxSide, $"{name} frame header");
        return new ImageInfo(ImageFormat.Jpeg, width, height) { BitDepth = precision, Orientation = orientation };
    }
}
