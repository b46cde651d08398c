using System.Buffers.Binary;

namespace VisionPS.Imaging.Tests.Decoding;

/// <summary>Builds BMP files with a 40-byte BITMAPINFOHEADER (or a longer one with masks) for tests that need exact control.</summary>
internal static class BmpBytes
{
    /// <param name="height">Negative for top-down rows.</param>
    /// <param name="palette">BGRX quads (4 bytes each), or empty.</param>
    /// <param name="masks">R, G, B, A masks written after the header (BI_BITFIELDS with a 40-byte header), or null.</param>
    public static byte[] Build(int width, int height, int bitsPerPixel, uint compression, byte[] palette, byte[] pixelData, uint[]? masks = null, int headerSize = 40)
    {
        int maskBytes = masks is null || headerSize > 40 ? 0 : masks.Length * 4;
        int offset = 14 + headerSize + maskBytes + palette.Length;
        var file = new byte[offset + pixelData.Length];
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), offset);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(14), headerSize);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(28), (short)bitsPerPixel);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(30), compression);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(34), pixelData.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(46), palette.Length / 4);
        if (masks is not null)
        {
            for (int i = 0; i < masks.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(54 + (i * 4)), masks[i]);
            }
        }

        palette.CopyTo(file, 14 + headerSize + maskBytes);
        pixelData.CopyTo(file, offset);
        return file;
    }

    /// <summary>A palette of <paramref name="entries"/> distinct BGRX colours.</summary>
    public static byte[] Palette(int entries) =>
        Enumerable.Range(0, entries).SelectMany(i => new[] { (byte)(i * 37), (byte)(255 - (i * 11)), (byte)(i * 5), (byte)0 }).ToArray();
}
