namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// The value-storing sequential AC lookahead: indexed by the next 12 bits, one entry decodes up to two whole
/// coefficients (code and extra bits) and a following end of block, so the serial chain of "peek, look up, shift" runs
/// about half as often as with one symbol per lookup.
/// </summary>
/// <remarks>
/// Entry layout (0 symbols decodable: <see cref="Slow"/>):
/// bits 0-5 bits used · 6-12 reach (positions advanced plus 1 when the entry ends the block; the entry may be taken only
/// when k + reach ≤ 64, so every position stays inside the block and an end of block is read only where libjpeg reads
/// one) · 13-18 positions advanced · 19 end of block · 20-23 zig-zag offset of the first coefficient · 24-29 offset of
/// the second · 32-47 first value · 48-63 second value. A missing coefficient has value 0 at an offset not yet written
/// (or written again by the first afterwards), so the decoder stores both without testing how many there are; a ZRL is
/// a coefficient of value 0 fifteen positions on.
/// </remarks>
internal static class JpegAcMultiTable
{
    public const int Bits = 12;

    /// <summary>An entry whose reach (64) no position k ≥ 1 can take: decode one symbol the slow way.</summary>
    public const ulong Slow = 64ul << 6;

    public const int EndOfBlockBit = 19;

    public static ulong[] Build(JpegHuffmanTable table)
    {
        const int mask = (1 << Bits) - 1;
        ushort[] single = table.CodesUpTo(Bits);
        var entries = new ulong[1 << Bits];
        Span<int> offsets = stackalloc int[2];
        Span<int> values = stackalloc int[2];
        for (int peek = 0; peek < entries.Length; peek++)
        {
            int used = 0, advance = 0, eob = 0, taken = 0;
            while (true)
            {
                int entry = single[(peek << used) & mask];
                int length = entry >> 8;
                int rs = entry & 0xFF;
                int size = rs & 15;
                if (entry == 0 || used + length + size > Bits)
                {
                    break;
                }

                if (size == 0 && rs != 0xF0)
                {
                    used += length;
                    eob = 1;
                    break;
                }

                if (taken == 2)
                {
                    break;
                }

                int run = rs >> 4;
                int extra = size == 0 ? 0 : (peek >> (Bits - used - length - size)) & ((1 << size) - 1);
                offsets[taken] = advance + run;
                values[taken] = size == 0 ? 0 : extra < 1 << (size - 1) ? extra - (1 << size) + 1 : extra;
                used += length + size;
                advance += run + 1;
                taken++;
            }

            if (used == 0)
            {
                entries[peek] = Slow;
                continue;
            }

            // With one coefficient or none, the empty second one goes to the next unwritten position.
            if (taken < 2)
            {
                offsets[1] = advance;
                values[1] = 0;
            }

            if (taken == 0)
            {
                offsets[0] = 0;
                values[0] = 0;
            }

            entries[peek] = (uint)used
                | ((ulong)(uint)(advance + eob) << 6)
                | ((ulong)(uint)advance << 13)
                | ((ulong)(uint)eob << EndOfBlockBit)
                | ((ulong)(uint)offsets[0] << 20)
                | ((ulong)(uint)offsets[1] << 24)
                | ((ulong)(ushort)values[0] << 32)
                | ((ulong)(ushort)values[1] << 48);
        }

        return entries;
    }
}
