using System.Numerics;

namespace VisionPS.Imaging.Bmp;

/// <summary>
/// One colour channel of a 16- or 32-bit pixel, given by its bit mask, scaled to 8 bits the way ImageMagick 6 does:
/// the field is moved to the top of a 16-bit value, its high bits are copied down into the gap for 5-, 6- (green
/// only) and up-to-8-bit fields at 16 bpp, or for exactly 8-bit fields at 32 bpp, and the 16-bit result becomes
/// floor(v / 257) (alpha: 255 - floor((65535 - v) / 257), as ImageMagick stores opacity).
/// </summary>
internal readonly struct BmpChannel
{
    private readonly uint mask;
    private readonly int shift;
    private readonly int bits;
    private readonly bool isGreen;
    private readonly bool isAlpha;

    public BmpChannel(uint mask, bool isGreen = false, bool isAlpha = false)
    {
        this.mask = mask;
        this.isGreen = isGreen;
        this.isAlpha = isAlpha;
        shift = mask == 0 ? 0 : BitOperations.LeadingZeroCount(mask);
        bits = mask == 0 ? 0 : BitOperations.LeadingZeroCount(~(mask << shift)); // the run of ones at the top
    }

    public bool IsPresent => mask != 0;

    /// <summary>The largest value the field can hold, which means opaque for an alpha channel.</summary>
    public uint Maximum => mask;

    public uint Field(uint pixel) => pixel & mask;

    public byte Scale16(uint pixel)
    {
        uint v = ((pixel & mask) << shift) >> 16;
        if (bits == 5 && !isAlpha)
        {
            v |= (v & 0xE000) >> 5;
        }

        if (bits == 6 && isGreen)
        {
            v |= (v & 0xC000) >> 6;
        }

        if (bits <= 8)
        {
            v |= (v & 0xFF00) >> 8;
        }

        return To8(v);
    }

    public byte Scale32(uint pixel)
    {
        uint v = ((pixel & mask) << shift) >> 16;
        if (bits == 8)
        {
            v |= v >> 8;
        }

        return To8(v);
    }

    private byte To8(uint v) => isAlpha ? (byte)(255 - ((65535 - v) / 257)) : (byte)(v / 257);
}
