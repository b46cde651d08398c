using System.Buffers.Binary;
using System.Text;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Metadata;

/// <summary>What ImageMagick sees in a file (profiles, comment), and byte-level helpers for building test files.</summary>
internal static class MetadataProbe
{
    /// <summary>
    /// Lower-case names from <c>identify -verbose</c>'s "Profile-xxx" lines (exif, xmp, iptc, 8bim, icc, …), plus
    /// "comment" when it reports one.
    /// </summary>
    public static HashSet<string> MagickFindings(byte[] file)
    {
        string report = Encoding.UTF8.GetString(ReferenceTools.Run("identify", ["-verbose", "-"], file));
        var findings = new HashSet<string>();
        foreach (string raw in report.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("Profile-", StringComparison.Ordinal))
            {
                findings.Add(line["Profile-".Length..line.IndexOf(':', StringComparison.Ordinal)].ToLowerInvariant());
            }
            else if (line.StartsWith("comment:", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add("comment");
            }
        }

        return findings;
    }

    public static bool Contains(byte[] data, string ascii) => data.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ascii)) >= 0;

    public static bool Contains(byte[] data, byte[] bytes) => data.AsSpan().IndexOf(bytes) >= 0;

    /// <summary>JPEG marker codes of the segments before the first scan, in order.</summary>
    public static List<byte> JpegMarkers(byte[] jpeg)
    {
        var markers = new List<byte>();
        int pos = 2;
        while (pos + 4 <= jpeg.Length && jpeg[pos] == 0xFF)
        {
            byte marker = jpeg[pos + 1];
            markers.Add(marker);
            if (marker == 0xDA)
            {
                break;
            }

            pos += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(pos + 2));
        }

        return markers;
    }

    /// <summary>A JPEG APP segment: FF marker, length, payload.</summary>
    public static byte[] JpegSegment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>Inserts <paramref name="insert"/> at <paramref name="offset"/>.</summary>
    public static byte[] Splice(byte[] data, int offset, params byte[][] insert) =>
        [.. data.AsSpan(0, offset), .. insert.SelectMany(b => b), .. data.AsSpan(offset)];

    /// <summary>Offset just past the first JPEG segment with marker <paramref name="marker"/>.</summary>
    public static int JpegSegmentEnd(byte[] jpeg, byte marker)
    {
        int pos = 2;
        while (true)
        {
            byte m = jpeg[pos + 1];
            int end = pos + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(pos + 2));
            if (m == marker)
            {
                return end;
            }

            pos = end;
        }
    }

    /// <summary>
    /// APP1 Exif payload: IFD0 with Make and a GPSInfo pointer, and a GPS IFD with latitude/longitude; the rational
    /// values are distinctive so the test can look for them.
    /// </summary>
    public static byte[] ExifWithGps()
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange([(byte)v, (byte)(v >> 8)]);
        void U32(uint v) => tiff.AddRange([(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)]);

        tiff.AddRange("II"u8.ToArray());
        U16(42);
        U32(8);

        // IFD0 at 8: 2 entries (12 bytes each) + next-IFD offset = 2 + 24 + 4 = 30 → ends at 38.
        U16(2);
        U16(0x010F); U16(2); U32(4); tiff.AddRange("Cam\0"u8.ToArray());  // Make, ASCII, inline
        U16(0x8825); U16(4); U32(1); U32(38);                            // GPSInfo IFD pointer
        U32(0);

        // GPS IFD at 38: 4 entries + next = 2 + 48 + 4 = 54 → data from 92.
        U16(4);
        U16(0x0001); U16(2); U32(2); tiff.AddRange("N\0\0\0"u8.ToArray()); // GPSLatitudeRef
        U16(0x0002); U16(5); U32(3); U32(92);                               // GPSLatitude
        U16(0x0003); U16(2); U32(2); tiff.AddRange("E\0\0\0"u8.ToArray()); // GPSLongitudeRef
        U16(0x0004); U16(5); U32(3); U32(116);                              // GPSLongitude
        U32(0);
        foreach (uint v in new uint[] { 47, 1, 22, 1, 3141, 100, 8, 1, 32, 1, 2718, 100 })
        {
            U32(v);
        }

        return [.. "Exif\0\0"u8.ToArray(), .. tiff];
    }

    /// <summary>The GPS latitude rationals as they sit in <see cref="ExifWithGps"/>.</summary>
    public static byte[] GpsLatitudeBytes() => [47, 0, 0, 0, 1, 0, 0, 0, 22, 0, 0, 0, 1, 0, 0, 0, 0x45, 0x0C, 0, 0, 100, 0, 0, 0];
}
