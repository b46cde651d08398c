using System.Buffers.Binary;

namespace VisionPS.Imaging.Gif;

/// <summary>A forward cursor over the file; reading past the end is corrupt data.</summary>
internal ref struct GifByteReader
{
    private readonly ReadOnlySpan<byte> data;

    public GifByteReader(ReadOnlySpan<byte> data, int position)
    {
        this.data = data;
        Position = position;
    }

    public int Position { get; private set; }

    public bool AtEnd => Position >= data.Length;

    public int Remaining => data.Length - Position;

    public byte ReadByte(string what) => Read(1, what)[0];

    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Read(2, what));

    public ReadOnlySpan<byte> Read(int count, string what)
    {
        if (count > data.Length - Position)
        {
            throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, inside the {what}");
        }

        ReadOnlySpan<byte> span = data.Slice(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Data sub-blocks (a size byte, then that many bytes) up to the zero-size terminator, concatenated.</summary>
    public byte[] ReadSubBlocks(string what)
    {
        using var joined = new MemoryStream();
        while (true)
        {
            byte size = ReadByte(what);
            if (size == 0)
            {
                return joined.ToArray();
            }

            joined.Write(Read(size, what));
        }
    }

    /// <summary>Skips sub-blocks up to and including the terminator.</summary>
    public void SkipSubBlocks(string what)
    {
        byte size;
        while ((size = ReadByte(what)) != 0)
        {
            Read(size, what);
        }
    }
}
