using System.Buffers.Binary;

namespace VisionPS.Imaging.Sources.Pdf;

/// <summary>
/// Wraps a PDF page's CCITT fax data in a minimal one-strip TIFF, so the TIFF decoder VisionPS already uses (and fuzzes)
/// decodes it instead of a second CCITT decoder.
/// </summary>
internal static class CcittTiff
{
    private const int EntryCount = 10;

    /// <param name="data">The CCITTFaxDecode stream, undecoded.</param>
    /// <param name="width">/Columns (or the image's width).</param>
    /// <param name="height">/Rows (or the image's height).</param>
    /// <param name="k">/K: negative is Group 4, 0 is Group 3 one-dimensional, positive Group 3 two-dimensional.</param>
    /// <param name="byteAligned">/EncodedByteAlign: each coded row starts on a byte boundary.</param>
    /// <param name="blackIsZero">True when the page shows the coded white runs as black (/BlackIs1 true, or an inverting /Decode).</param>
    public static byte[] Wrap(ReadOnlySpan<byte> data, int width, int height, int k, bool byteAligned, bool blackIsZero)
    {
        const int ifdOffset = 8;
        int ifdLength = 2 + (EntryCount * 12) + 4;
        int dataOffset = ifdOffset + ifdLength;
        var tiff = new byte[dataOffset + data.Length];
        Span<byte> span = tiff;
        "II*\0"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], ifdOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(span[ifdOffset..], EntryCount);

        int at = ifdOffset + 2;
        void Entry(ushort tag, ushort type, uint value)
        {
            Span<byte> entry = tiff.AsSpan(at, 12);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
            if (type == Short)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], value);
            }

            at += 12;
        }

        bool group4 = k < 0;
        Entry(256, Long, (uint)width);
        Entry(257, Long, (uint)height);
        Entry(258, Short, 1);
        Entry(259, Short, group4 ? 4u : 3u);
        Entry(262, Short, blackIsZero ? 1u : 0u);
        Entry(273, Long, (uint)dataOffset);
        Entry(277, Short, 1);
        Entry(278, Long, (uint)height);
        Entry(279, Long, (uint)data.Length);

        // T4Options: bit 0 two-dimensional coding, bit 2 fill bits before EOL (byte alignment). T6Options: none defined.
        Entry(group4 ? (ushort)293 : (ushort)292, Long, group4 ? 0u : (k > 0 ? 1u : 0u) | (byteAligned ? 4u : 0u));
        data.CopyTo(span[dataOffset..]);
        return tiff;
    }

    private const ushort Short = 3;
    private const ushort Long = 4;
}
