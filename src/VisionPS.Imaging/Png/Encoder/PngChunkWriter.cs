using System.Buffers.Binary;

namespace VisionPS.Imaging.Png.Encoder;

/// <summary>Appends PNG chunks (length, type, data, CRC over type and data) to an output stream.</summary>
internal static class PngChunkWriter
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static void Write(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> field = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(field, (uint)data.Length);
        output.Write(field);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(field, PngCrc.Finish(PngCrc.Update(PngCrc.Update(PngCrc.Start, type), data)));
        output.Write(field);
    }

    /// <summary>IHDR for 8-bit truecolour (type 2) or truecolour with alpha (type 6), deflate, no interlace.</summary>
    public static void WriteHeader(Stream output, int width, int height, bool alpha)
    {
        Span<byte> data = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(data[4..], (uint)height);
        data[8] = 8;
        data[9] = (byte)(alpha ? 6 : 2);
        data[10] = 0; // deflate
        data[11] = 0; // adaptive filtering
        data[12] = 0; // no interlace
        Write(output, "IHDR"u8, data);
    }
}
