using System.Buffers.Binary;

namespace VisionPS.Imaging.Png;

/// <summary>
/// The colour key from a tRNS chunk for gray or RGB images (PNG spec 11.3.2.1): pixels whose samples equal it, at the
/// image's own bit depth (16 bits for 16-bit images), are fully transparent.
/// </summary>
internal readonly record struct PngColourKey(int Red, int Green, int Blue)
{
    /// <summary>The key for a gray or RGB image, or null when the chunk does not have the length the colour type needs.</summary>
    public static PngColourKey? Parse(ReadOnlySpan<byte> trns, PngColourType colourType, int bitDepth)
    {
        // Values are stored in 16 bits; only the low bitDepth bits are meaningful.
        int mask = (1 << bitDepth) - 1;
        if (colourType == PngColourType.Gray && trns.Length == 2)
        {
            int gray = BinaryPrimitives.ReadUInt16BigEndian(trns) & mask;
            return new PngColourKey(gray, gray, gray);
        }

        if (colourType == PngColourType.Rgb && trns.Length == 6)
        {
            return new PngColourKey(
                BinaryPrimitives.ReadUInt16BigEndian(trns) & mask,
                BinaryPrimitives.ReadUInt16BigEndian(trns[2..]) & mask,
                BinaryPrimitives.ReadUInt16BigEndian(trns[4..]) & mask);
        }

        return null;
    }
}
