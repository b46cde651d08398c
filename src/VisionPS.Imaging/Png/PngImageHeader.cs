using System.Buffers.Binary;

namespace VisionPS.Imaging.Png;

/// <summary>The IHDR fields the decoder needs, validated.</summary>
internal readonly record struct PngImageHeader(int Width, int Height, int BitDepth, PngColourType ColourType, bool Interlaced)
{
    public const int Length = 13;

    /// <summary>Samples per pixel: 1 gray or palette index, 2 gray+alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels => ColourType switch
    {
        PngColourType.Rgb => 3,
        PngColourType.GrayAlpha => 2,
        PngColourType.Rgba => 4,
        _ => 1,
    };

    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>The filter's "bpp": bytes per complete pixel, rounded up to 1 for sub-byte pixels.</summary>
    public int FilterBytesPerPixel => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes in a scanline of <paramref name="pixels"/> pixels, without the filter byte.</summary>
    public long RowBytes(int pixels) => (((long)pixels * BitsPerPixel) + 7) / 8;

    // IHDR: width(4) height(4) bit depth(1) colour type(1) compression(1) filter(1) interlace(1).
    public static PngImageHeader Parse(ReadOnlySpan<byte> ihdr)
    {
        if (ihdr.Length != Length)
        {
            throw new HeaderCorruptException($"the IHDR chunk is {ihdr.Length} bytes long instead of {Length}");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        HeaderChecks.Dimensions(width, height, int.MaxValue, "IHDR chunk");
        byte depth = ihdr[8];
        byte colourType = ihdr[9];
        bool allowed = colourType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!allowed)
        {
            throw new HeaderCorruptException($"the IHDR chunk gives colour type {colourType} with bit depth {depth}, a combination PNG does not allow");
        }

        if (ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
        {
            throw new HeaderCorruptException($"the IHDR chunk gives compression {ihdr[10]}, filter {ihdr[11]}, interlace {ihdr[12]} (PNG defines only 0, 0 and 0 or 1)");
        }

        return new PngImageHeader((int)width, (int)height, depth, (PngColourType)colourType, ihdr[12] == 1);
    }
}
