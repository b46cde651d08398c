using System.Buffers.Binary;
using VisionPS.Imaging.Jpeg.Encoder;

namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// The IJG quality (1..100) whose scaled Annex K luminance table is nearest to a JPEG's table 0. Re-encoding a
/// downscaled photo above its own quality only adds bytes, so the policy never starts higher than this.
/// </summary>
internal static class JpegQualityEstimator
{
    /// <summary>The estimate, or null when the data has no readable luminance table before its first scan.</summary>
    public static int? Estimate(ReadOnlySpan<byte> data)
    {
        Span<int> table = stackalloc int[64];
        return FindLuminanceTable(data, table) ? Nearest(table) : null;
    }

    private static int Nearest(ReadOnlySpan<int> natural)
    {
        int best = 100;
        long bestDistance = long.MaxValue;
        for (int quality = 100; quality >= 1; quality--)
        {
            byte[] candidate = JpegQuantizationTable.Luminance(quality).Natural;
            long distance = 0;
            for (int i = 0; i < 64; i++)
            {
                distance += Math.Abs(natural[i] - candidate[i]);
            }

            if (distance < bestDistance)
            {
                (best, bestDistance) = (quality, distance);
            }
        }

        return best;
    }

    private static bool FindLuminanceTable(ReadOnlySpan<byte> data, Span<int> natural)
    {
        int pos = 2;
        while (pos + 4 <= data.Length && data[pos] == JpegMarker.Prefix)
        {
            byte marker = data[pos + 1];
            if (marker == JpegMarker.Prefix)
            {
                pos++;
                continue;
            }

            if (marker is JpegMarker.StartOfScan or JpegMarker.EndOfImage)
            {
                return false;
            }

            if (JpegMarker.IsStandalone(marker))
            {
                pos += 2;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
            int end = pos + 2 + length;
            if (length < 2 || end > data.Length)
            {
                return false;
            }

            if (marker == 0xDB && ReadTableZero(data[(pos + 4)..end], natural))
            {
                return true;
            }

            pos = end;
        }

        return false;
    }

    // A DQT segment holds one or more tables: Pq/Tq byte, then 64 values of 8 or 16 bits in zig-zag order.
    private static bool ReadTableZero(ReadOnlySpan<byte> segment, Span<int> natural)
    {
        int pos = 0;
        while (pos < segment.Length)
        {
            bool wide = segment[pos] >> 4 != 0;
            int id = segment[pos] & 0x0F;
            int size = wide ? 128 : 64;
            if (pos + 1 + size > segment.Length)
            {
                return false;
            }

            if (id == 0)
            {
                for (int k = 0; k < 64; k++)
                {
                    int value = wide ? BinaryPrimitives.ReadUInt16BigEndian(segment[(pos + 1 + (2 * k))..]) : segment[pos + 1 + k];
                    natural[JpegZigZag.ToNatural[k]] = value;
                }

                return true;
            }

            pos += 1 + size;
        }

        return false;
    }
}
