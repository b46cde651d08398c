using System.Buffers.Binary;
using System.Text;

namespace VisionPS.Imaging.Tests;

/// <summary>Appends bytes, integers and ASCII to build test files by hand.</summary>
internal sealed class ByteBuilder
{
    private readonly List<byte> bytes = [];

    public int Length => bytes.Count;

    public ByteBuilder Bytes(params byte[] values)
    {
        bytes.AddRange(values);
        return this;
    }

    public ByteBuilder Ascii(string text) => Bytes(Encoding.ASCII.GetBytes(text));

    public ByteBuilder UInt16BE(int value) => Bytes((byte)(value >> 8), (byte)value);

    public ByteBuilder UInt16LE(int value) => Bytes((byte)value, (byte)(value >> 8));

    public ByteBuilder UInt32BE(uint value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        return Bytes(buffer);
    }

    public ByteBuilder UInt32LE(uint value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        return Bytes(buffer);
    }

    public ByteBuilder Int32LE(int value) => UInt32LE(unchecked((uint)value));

    public ByteBuilder Repeat(byte value, int count) => Bytes(Enumerable.Repeat(value, count).ToArray());

    public byte[] ToArray() => [.. bytes];
}
