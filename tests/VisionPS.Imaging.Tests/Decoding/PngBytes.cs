using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using VisionPS.Imaging.Png;

namespace VisionPS.Imaging.Tests.Decoding;

/// <summary>Builds PNG files chunk by chunk for tests that need exact control (tRNS keys, bad CRCs, split IDAT).</summary>
internal sealed class PngBytes
{
    private readonly MemoryStream file = new();

    public PngBytes()
    {
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
    }

    public static byte[] Ihdr(int width, int height, int depth, int colourType, int interlace = 0)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colourType;
        ihdr[12] = (byte)interlace;
        return ihdr;
    }

    public static byte[] Zlib(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(raw);
        }

        return output.ToArray();
    }

    public PngBytes Chunk(string type, byte[] data, bool corruptCrc = false)
    {
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        file.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Compute(typeAndData) ^ (corruptCrc ? 1u : 0u));
        file.Write(word);
        return this;
    }

    public byte[] End() => Chunk("IEND", []).file.ToArray();

    public byte[] WithoutEnd() => file.ToArray();
}
