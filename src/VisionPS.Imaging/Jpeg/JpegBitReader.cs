using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// Reads entropy-coded bits (T.81 F.2.2.5): removes stuffed zero bytes and stops at a marker or the end of the data,
/// after which it supplies zero bits and counts them, so a scan that needs more data than there is can be detected.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;
    private ulong bits;     // next bits, most significant first
    private int count;      // valid bits in 'bits'
    private int padding;    // of those bits, how many are zeros made up after a marker or the end of data

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        this.data = data;
        this.position = position;
    }

    /// <summary>
    /// The bit buffer and its count, for hot loops that keep them in locals: read them, work, then <see cref="Store"/>
    /// before calling any other member.
    /// </summary>
    public readonly ulong Bits => bits;

    public readonly int Count => count;

    [MethodImpl(HotPath.Options)]
    public void Store(ulong newBits, int newCount)
    {
        bits = newBits;
        count = newCount;
    }

    /// <summary>Where reading stopped: at a marker's first FF, or after the last byte taken into the bit buffer.</summary>
    public readonly int Position => position;

    /// <summary>True once a bit beyond the real scan data has been consumed.</summary>
    public readonly bool PastEnd => padding > count;

    /// <summary>Makes at least 32 bits available (zeros past the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure32()
    {
        if (count < 32)
        {
            Fill();
        }
    }

    /// <summary>The next <paramref name="n"/> (1..32) bits, not consumed; <see cref="Ensure32"/> first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Peek(int n) => (int)(bits >> (64 - n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n)
    {
        bits <<= n;
        count -= n;
    }

    /// <summary>Reads <paramref name="n"/> (0..16) bits as an unsigned number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        Ensure32();
        int value = Peek(n);
        Skip(n);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBit()
    {
        Ensure32();
        int value = (int)(bits >> 63);
        Skip(1);
        return value;
    }

    /// <summary>Reads <paramref name="size"/> (0..16) bits and sign-extends them (T.81 F.2.2.1, EXTEND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int size)
    {
        if (size == 0)
        {
            return 0;
        }

        Ensure32();
        int value = Peek(size);
        Skip(size);
        return value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeSymbol(JpegHuffmanTable table)
    {
        Ensure32();
        int entry = table.Lookup[Peek(JpegHuffmanTable.LookupBits)];
        if (entry != 0)
        {
            Skip(entry >> 8);
            return entry & 0xFF;
        }

        return DecodeLongCode(table);
    }

    [MethodImpl(HotPath.Options)]
    private int DecodeLongCode(JpegHuffmanTable table)
    {
        int code16 = Peek(16);
        for (int length = JpegHuffmanTable.LookupBits + 1; length <= 16; length++)
        {
            int code = code16 >> (16 - length);
            if (code <= table.MaxCode[length])
            {
                int index = code + table.ValueOffset[length];
                if ((uint)index >= (uint)table.ValueCount)
                {
                    break;
                }

                Skip(length);
                return table.Values[index];
            }
        }

        throw new PixelDataCorruptException(PastEnd || padding > 0
            ? "the scan data ends in the middle of a Huffman code"
            : "the scan holds a bit pattern that is not a code of its Huffman table");
    }

    /// <summary>
    /// At a restart interval's end: drops the remaining bits and moves past the next RSTn marker. Returns false when the
    /// next marker is not RSTn (or there is none).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public bool SkipRestartMarker()
    {
        bits = 0;
        count = 0;
        padding = 0;
        int p = position;
        while (p + 1 < data.Length)
        {
            if (data[p] != 0xFF)
            {
                p++;
                continue;
            }

            int q = p + 1;
            while (q < data.Length && data[q] == 0xFF)
            {
                q++;
            }

            if (q >= data.Length)
            {
                break;
            }

            if (data[q] == 0)
            {
                p = q + 1;
                continue;
            }

            if (data[q] is >= JpegMarker.Restart0 and <= JpegMarker.Restart7)
            {
                position = q + 1;
                return true;
            }

            position = p;
            return false;
        }

        position = data.Length;
        return false;
    }

    [MethodImpl(HotPath.Options)]
    public void Fill()
    {
        // Fast path: eight bytes without FF (no stuffing, no marker). Only whole bytes are counted; the bits of the next
        // byte that also land in the buffer below 'count' are the ones a later fill would OR into the same place.
        if (count <= 56 && padding == 0 && position <= data.Length - 8)
        {
            ulong eight = BinaryPrimitives.ReadUInt64BigEndian(data.Slice(position, 8));
            ulong inverted = ~eight;
            if (((inverted - 0x0101010101010101ul) & ~inverted & 0x8080808080808080ul) == 0)
            {
                int bytes = (63 - count) >> 3;
                bits |= eight >> count;
                count += bytes * 8;
                position += bytes;
                return;
            }
        }

        while (count <= 56)
        {
            if (count <= 32 && padding == 0 && position + 4 <= data.Length)
            {
                uint four = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(position, 4));
                uint inverted = ~four;
                if (((inverted - 0x01010101u) & ~inverted & 0x80808080u) == 0)
                {
                    // no FF among the four bytes: no stuffing, no marker
                    bits |= (ulong)four << (32 - count);
                    count += 32;
                    position += 4;
                    continue;
                }
            }

            bits |= (ulong)NextByte() << (56 - count);
            count += 8;
        }
    }

    [MethodImpl(HotPath.Options)]
    private byte NextByte()
    {
        if (padding > 0 || position >= data.Length)
        {
            padding += 8;
            return 0;
        }

        byte b = data[position];
        if (b != 0xFF)
        {
            position++;
            return b;
        }

        // FF 00 is a data byte FF; further FFs before it are fill bytes (as libjpeg reads them); anything else is a marker.
        int p = position + 1;
        while (p < data.Length && data[p] == 0xFF)
        {
            p++;
        }

        if (p < data.Length && data[p] == 0)
        {
            position = p + 1;
            return 0xFF;
        }

        position = p - 1;
        padding += 8;
        return 0;
    }
}
