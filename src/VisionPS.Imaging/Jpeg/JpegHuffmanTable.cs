namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// One DHT table (T.81 Annex C), with an 11-bit lookahead for short codes and, for AC tables, multi-symbol lookaheads
/// built on first use: one that skips coefficients (1/8 scale) and one that decodes them (<see cref="JpegAcMultiTable"/>).
/// </summary>
internal sealed class JpegHuffmanTable
{
    public const int LookupBits = 11;

    /// <summary>Indexed by the next 11 bits: <c>(code length &lt;&lt; 8) | symbol</c>, or 0 when the code is longer.</summary>
    public readonly ushort[] Lookup = new ushort[1 << LookupBits];

    /// <summary>Largest code of each length 1..16, or -1 when there is none.</summary>
    public readonly int[] MaxCode = new int[17];

    /// <summary>Added to a code of each length to index <see cref="Values"/>.</summary>
    public readonly int[] ValueOffset = new int[17];

    public readonly byte[] Values = new byte[256];

    public int ValueCount { get; private set; }

    public const int SkipBits = 12;

    private ushort[]? acSkip;

    private ulong[]? acMulti;

    /// <summary>The largest symbol; DC tables must not exceed 15 (the size of a difference).</summary>
    public int MaxSymbol { get; private set; }

    /// <param name="counts">BITS: how many codes of each length 1..16.</param>
    /// <param name="symbols">HUFFVAL, in code order.</param>
    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        symbols.CopyTo(Values);
        ValueCount = symbols.Length;
        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];

            // T.81 C: codes of a length must fit it, and the all-ones code is reserved (libjpeg refuses it too). Checked
            // before the lookahead is filled: an overfull length would index past it (found by afl-fuzz).
            if (n > 0 && code + n >= 1 << length)
            {
                throw new PixelDataCorruptException("a Huffman table (DHT) defines more codes than its code lengths allow");
            }

            ValueOffset[length] = k - code;
            MaxCode[length] = n > 0 ? code + n - 1 : -1;
            for (int i = 0; i < n; i++, code++, k++)
            {
                if (length <= LookupBits)
                {
                    int first = code << (LookupBits - length);
                    Lookup.AsSpan(first, 1 << (LookupBits - length)).Fill((ushort)((length << 8) | Values[k]));
                }
            }

            code <<= 1;
        }

        for (int i = 0; i < ValueCount; i++)
        {
            MaxSymbol = Math.Max(MaxSymbol, Values[i]);
        }

    }

    /// <summary>
    /// Sequential AC at 1x1 scale only (built on first use), indexed by the next 12 bits: for the whole symbols (code
    /// plus extra bits) that fit in them, <c>(end of block &lt;&lt; 10) | (positions advanced &lt;&lt; 4) | bits used</c>;
    /// symbols stop after an end of block and before the advance would reach 64 (so it stays below 64, and a block
    /// whose last coefficient is position 63 is finished by the one-symbol path); 0 when not even one symbol fits.
    /// </summary>
    public ushort[] AcSkip => acSkip ??= BuildAcSkip();

    /// <summary>Sequential AC, value-storing scales (built on first use): see <see cref="JpegAcMultiTable"/>.</summary>
    public ulong[] AcMulti => acMulti ??= JpegAcMultiTable.Build(this);

    /// <summary>Indexed by the next <paramref name="bits"/> bits: <c>(code length &lt;&lt; 8) | symbol</c> for codes that fit, else 0.</summary>
    internal ushort[] CodesUpTo(int bits)
    {
        var single = new ushort[1 << bits];
        int code = 0;
        for (int length = 1; length <= bits; length++)
        {
            for (; code <= MaxCode[length]; code++)
            {
                int index = code + ValueOffset[length];
                if (index < ValueCount)
                {
                    single.AsSpan(code << (bits - length), 1 << (bits - length)).Fill((ushort)((length << 8) | Values[index]));
                }
            }

            code <<= 1;
        }

        return single;
    }

    private ushort[] BuildAcSkip()
    {
        const int mask = (1 << SkipBits) - 1;
        ushort[] single = CodesUpTo(SkipBits);
        var table = new ushort[1 << SkipBits];
        for (int peek = 0; peek < table.Length; peek++)
        {
            int used = 0;
            int advance = 0;
            int eob = 0;
            while (true)
            {
                int entry = single[(peek << used) & mask];
                int length = entry >> 8;
                int size = entry & 15;
                if (entry == 0 || used + length + size > SkipBits)
                {
                    break;
                }

                int rs = entry & 0xFF;
                if (size == 0 && rs != 0xF0)
                {
                    used += length;
                    eob = 1;
                    break;
                }

                int step = size == 0 ? 16 : (rs >> 4) + 1;
                if (advance + step >= 64)
                {
                    break;
                }

                used += length + size;
                advance += step;
            }

            table[peek] = used == 0 ? (ushort)0 : (ushort)((eob << 10) | (advance << 4) | used);
        }

        return table;
    }
}
