using System.Buffers.Binary;

namespace VisionPS.Imaging.Sources.Pdf;

/// <summary>
/// Gives a PDF page's JPEG the orientation its page shows it in, as an EXIF tag, without touching its coded data.
/// </summary>
/// <remarks>
/// PDF renderers ignore an orientation tag inside a page image (poppler's <c>pdftoppm</c> does; img2pdf turns an EXIF-rotated
/// photo with the page's /Rotate and keeps the tag), so the page's /Rotate replaces whatever the JPEG says: honouring both
/// would turn an img2pdf page twice.
/// </remarks>
internal static class PageJpeg
{
    private static ReadOnlySpan<byte> ExifIdentifier => "Exif\0\0"u8;

    /// <summary>The JPEG itself when it already shows upright that way (byte for byte); else a copy with its EXIF segments
    /// replaced by one carrying <paramref name="orientation"/> (none when it is 1).</summary>
    public static ReadOnlyMemory<byte> WithOrientation(ReadOnlyMemory<byte> jpeg, int orientation)
    {
        int declared;
        try
        {
            declared = ImageIdentifier.Identify(jpeg.Span).Orientation;
        }
        catch (ImageFormatException)
        {
            // A damaged JPEG is reported where it is read as an image, with its name.
            return jpeg;
        }

        if (declared == orientation)
        {
            return jpeg;
        }

        return Rewrite(jpeg.Span, orientation) ?? jpeg;
    }

    // SOI, APP0 (JFIF) if first, our APP1, then every segment but EXIF APP1s up to the scan, and the rest as it is.
    private static byte[]? Rewrite(ReadOnlySpan<byte> jpeg, int orientation)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return null;
        }

        using var output = new MemoryStream(jpeg.Length + 64);
        output.Write(jpeg[..2]);
        int at = 2;
        bool written = false;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            byte marker = jpeg[at + 1];
            if (marker == 0xDA)
            {
                break;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return null;
            }

            ReadOnlySpan<byte> segment = jpeg.Slice(at, 2 + length);
            if (!written && marker != 0xE0)
            {
                WriteExif(output, orientation);
                written = true;
            }

            if (!(marker == 0xE1 && segment[4..].StartsWith(ExifIdentifier)))
            {
                output.Write(segment);
            }

            at += 2 + length;
        }

        if (!written)
        {
            WriteExif(output, orientation);
        }

        output.Write(jpeg[at..]);
        return output.ToArray();
    }

    // APP1: "Exif\0\0", a little-endian TIFF header, IFD0 with the one Orientation entry (SHORT), no next IFD.
    private static void WriteExif(MemoryStream output, int orientation)
    {
        if (orientation == 1)
        {
            return;
        }

        Span<byte> app1 = stackalloc byte[2 + 2 + 6 + 8 + 2 + 12 + 4];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1[2..], (ushort)(app1.Length - 2));
        ExifIdentifier.CopyTo(app1[4..]);
        Span<byte> tiff = app1[10..];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff[8..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff[10..], 0x0112);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff[12..], 3);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff[14..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff[18..], (ushort)orientation);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff[22..], 0);
        output.Write(app1);
    }
}
