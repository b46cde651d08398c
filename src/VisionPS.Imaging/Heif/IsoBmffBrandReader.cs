using System.Buffers.Binary;

namespace VisionPS.Imaging.Heif;

/// <summary>
/// Tells HEIC from AVIF (or neither, e.g. an MP4 video) by the brands in the leading <c>ftyp</c> box:
/// major brand (offset 8), minor version (12), compatible brands (16 to the end of the box).
/// </summary>
internal static class IsoBmffBrandReader
{
    // Compatible-brand lists are a handful of entries; never look further than this into a (possibly damaged) ftyp box.
    private const int MaxBrandBytes = 4096;

    private static readonly uint Ftyp = IsoBmffBox.TypeCode("ftyp");
    private static readonly uint[] AvifBrands = [IsoBmffBox.TypeCode("avif"), IsoBmffBox.TypeCode("avis")];
    private static readonly uint[] HeicBrands =
    [
        IsoBmffBox.TypeCode("heic"), IsoBmffBox.TypeCode("heix"), IsoBmffBox.TypeCode("heim"),
        IsoBmffBox.TypeCode("heis"), IsoBmffBox.TypeCode("hevc"), IsoBmffBox.TypeCode("hevx"),
    ];

    // Generic HEIF structural brands: an image file, but the codec is named by another brand (if at all).
    private static readonly uint[] GenericHeifBrands = [IsoBmffBox.TypeCode("mif1"), IsoBmffBox.TypeCode("msf1")];

    /// <summary><see cref="ImageFormat.Avif"/>, <see cref="ImageFormat.Heic"/>, or <see cref="ImageFormat.Unknown"/> when the data does not start with a HEIF/AVIF <c>ftyp</c> box.</summary>
    /// <exception cref="HeaderTruncatedException">The brand list goes past the bytes read so far and more may follow.</exception>
    public static ImageFormat Classify(HeaderBytes data)
    {
        if (!data.TryRead(0, 12, out ReadOnlySpan<byte> head) || BinaryPrimitives.ReadUInt32BigEndian(head[4..]) != Ftyp)
        {
            return ImageFormat.Unknown;
        }

        uint boxSize = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (boxSize is not 0 and < 12)
        {
            return ImageFormat.Unknown;
        }

        // Size 0 ("to the end of the file") and 1 (64-bit size) are nonsense for ftyp; both just mean "scan up to the cap".
        long brandsEnd = boxSize is 0 or 1 ? MaxBrandBytes : Math.Min(boxSize, MaxBrandBytes);
        uint major = BinaryPrimitives.ReadUInt32BigEndian(head[8..]);
        var compatible = new List<uint>();
        for (long offset = 16; offset + 4 <= brandsEnd && data.TryRead(offset, 4, out ReadOnlySpan<byte> brand); offset += 4)
        {
            compatible.Add(BinaryPrimitives.ReadUInt32BigEndian(brand));
        }

        // The major brand decides when it names a codec; otherwise the compatible brands do (AVIF first, since an
        // AVIF file lists the generic mif1 too), and a bare mif1/msf1 is a HEIF image of unnamed codec, reported as HEIC.
        if (IsOneOf(major, AvifBrands))
        {
            return ImageFormat.Avif;
        }

        if (IsOneOf(major, HeicBrands))
        {
            return ImageFormat.Heic;
        }

        if (compatible.Exists(brand => IsOneOf(brand, AvifBrands)))
        {
            return ImageFormat.Avif;
        }

        if (compatible.Exists(brand => IsOneOf(brand, HeicBrands) || IsOneOf(brand, GenericHeifBrands)) || IsOneOf(major, GenericHeifBrands))
        {
            return ImageFormat.Heic;
        }

        return ImageFormat.Unknown;
    }

    private static bool IsOneOf(uint brand, uint[] brands) => Array.IndexOf(brands, brand) >= 0;
}
