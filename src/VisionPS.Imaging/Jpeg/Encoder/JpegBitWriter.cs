using System.Runtime.CompilerServices;
using VisionPS.Imaging.Memory;
using System.Buffers.Binary;

namespace VisionPS.Imaging.Jpeg.Encoder;

/// <summary>
/// Growable output for a JPEG file: marker segments, then entropy-coded bits packed most significant first with
/// a zero byte stuffed after every <c>FF</c> (T.81 F.1.2.3).
/// </summary>
/// <remarks>
/// The buffer is rented (ArrayPool) and goes back on <see cref="Dispose"/>; only <see cref="ToArray"/>'s exact-size copy
/// leaves, so no caller can read past the file into what an earlier image left in the buffer.
/// </remarks>
internal sealed class JpegBitWriter : IDisposable
{
    private byte[] buffer;
    private int position;
    private ulong bits;     // pending bits, right-aligned
    private int bitCount;   // how many of them

    public JpegBitWriter(int initialCapacity) => buffer = ScratchArrays.Rent<byte>(Math.Max(initialCapacity, 1024));

    /// <summary>Makes room for <paramref name="count"/> more bytes.</summary>
    [MethodImpl(HotPath.Options)]
    public void EnsureCapacity(int count)
    {
        if (buffer.Length - position < count)
        {
            byte[] larger = ScratchArrays.Rent<byte>(Math.Max(buffer.Length * 2, position + count));
            buffer.AsSpan(0, position).CopyTo(larger);
            ScratchArrays.Return(buffer);
            buffer = larger;
        }
    }

    public void WriteByte(byte value)
    {
        EnsureCapacity(1);
        buffer[position++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> values)
    {
        EnsureCapacity(values.Length);
        values.CopyTo(buffer.AsSpan(position));
        position += values.Length;
    }

    public void WriteUInt16(int value)
    {
        EnsureCapacity(2);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(position), (ushort)value);
        position += 2;
    }

    /// <summary>Appends the low <paramref name="count"/> (0..32) bits of <paramref name="value"/>; the caller has reserved space.</summary>
    [MethodImpl(HotPath.Options)]
    public void WriteBits(uint value, int count)
    {
        bits = (bits << count) | (value & (uint)((1UL << count) - 1));
        bitCount += count;
        if (bitCount >= 32)
        {
            FlushWholeBytes();
        }
    }

    /// <summary>Pads the last byte with one bits (T.81 F.1.2.3) and flushes.</summary>
    public void FinishEntropyCodedData()
    {
        int pad = (8 - (bitCount & 7)) & 7;
        EnsureCapacity(16);
        WriteBits((1u << pad) - 1, pad);
        FlushWholeBytes();
    }

    public byte[] ToArray() => buffer.AsSpan(0, position).ToArray();

    public void Dispose()
    {
        ScratchArrays.Return(buffer);
        buffer = [];
    }

    [MethodImpl(HotPath.Options)]
    private void FlushWholeBytes()
    {
        while (bitCount >= 8)
        {
            bitCount -= 8;
            byte b = (byte)(bits >> bitCount);
            buffer[position++] = b;
            if (b == 0xFF)
            {
                buffer[position++] = 0;
            }
        }

        bits &= (1UL << bitCount) - 1;
    }
}
