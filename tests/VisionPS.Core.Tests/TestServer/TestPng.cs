using System.Buffers.Binary;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>
/// Header-only PNGs: the 8-byte signature plus one IHDR chunk (with a correct CRC) and nothing else.
/// The test server reads only headers (format and size), never pixels, so this is all a token test needs.
/// </summary>
internal static class TestPng
{
    public static byte[] Header(int width, int height)
    {
        var png = new byte[8 + 25];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        Span<byte> chunk = png.AsSpan(8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk, 13);
        "IHDR"u8.CopyTo(chunk[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[8..], (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[12..], (uint)height);
        chunk[16] = 8; // bit depth
        chunk[17] = 2; // colour type RGB
        BinaryPrimitives.WriteUInt32BigEndian(chunk[21..], Crc32(chunk[4..21]));
        return png;
    }

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
