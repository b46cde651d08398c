using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// Decodes the entropy-coded data of one scan (T.81 F.2 sequential, G.1.2 progressive). Sequential blocks go through the
/// IDCT at once into the component planes; progressive coefficients accumulate until all scans are read.
/// </summary>
internal static class JpegScanDecoder
{
    private enum Kind
    {
        Sequential,
        DcFirst,
        DcRefine,
        AcFirst,
        AcRefine,
    }

    /// <summary>Decodes the scan starting at <paramref name="start"/>; returns where its data stops (a marker or the end).</summary>
    [MethodImpl(HotPath.Options)]
    public static int Decode(ReadOnlySpan<byte> data, int start, JpegFrame frame, JpegScan scan, int restartInterval)
    {
        var reader = new JpegBitReader(data, start);
        JpegComponent[] components = scan.Components;
        bool single = components.Length == 1;
        int mcusWide = single ? components[0].ScanBlocksWide : frame.McusWide;
        int mcusHigh = single ? components[0].ScanBlocksHigh : frame.McusHigh;
        long totalMcus = (long)mcusWide * mcusHigh;
        Kind kind = !frame.Progressive ? Kind.Sequential
            : scan.SpectralStart == 0 ? (scan.BitHigh == 0 ? Kind.DcFirst : Kind.DcRefine)
            : scan.BitHigh == 0 ? Kind.AcFirst : Kind.AcRefine;

        foreach (JpegComponent c in components)
        {
            c.DcPredictor = 0;
        }

        int eobRun = 0;
        Span<short> block = stackalloc short[64];
        Span<int> workspace = stackalloc int[64];
        long mcu = 0;
        for (int my = 0; my < mcusHigh; my++)
        {
            for (int mx = 0; mx < mcusWide; mx++, mcu++)
            {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
                {
                    ThrowIfPastEnd(ref reader, data, my, mcusHigh);
                    if (!reader.SkipRestartMarker())
                    {
                        throw new PixelDataCorruptException($"the restart marker (RSTn) expected after MCU {mcu} of {totalMcus} is missing");
                    }

                    foreach (JpegComponent c in components)
                    {
                        c.DcPredictor = 0;
                    }

                    eobRun = 0;
                }

                if (single)
                {
                    DecodeBlock(ref reader, kind, scan, components[0], mx, my, block, workspace, ref eobRun);
                    continue;
                }

                foreach (JpegComponent c in components)
                {
                    for (int v = 0; v < c.V; v++)
                    {
                        for (int h = 0; h < c.H; h++)
                        {
                            DecodeBlock(ref reader, kind, scan, c, (mx * c.H) + h, (my * c.V) + v, block, workspace, ref eobRun);
                        }
                    }
                }
            }

            ThrowIfPastEnd(ref reader, data, my, mcusHigh);
        }

        return reader.Position;
    }

    private static void ThrowIfPastEnd(ref JpegBitReader reader, ReadOnlySpan<byte> data, int mcuRow, int mcuRows)
    {
        if (reader.PastEnd)
        {
            throw new PixelDataCorruptException(reader.Position >= data.Length - 1
                ? $"the data ends in the scan after MCU row {mcuRow} of {mcuRows}"
                : $"the scan data stops at a marker (offset {reader.Position}) after MCU row {mcuRow} of {mcuRows}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecodeBlock(ref JpegBitReader reader, Kind kind, JpegScan scan, JpegComponent c, int bx, int by, scoped Span<short> block, scoped Span<int> workspace, ref int eobRun)
    {
        if (kind == Kind.Sequential)
        {
            DecodeSequential(ref reader, c, block);
            int size = c.ScaledSize;
            JpegIdct.Transform(size, block, c.Quant, c.Plane.AsSpan((by * size * c.PlaneStride) + (bx * size)), c.PlaneStride, workspace);
            return;
        }

        Span<short> coefficients = c.Coefficients.AsSpan(((by * c.BlocksWide) + bx) * 64, 64);
        switch (kind)
        {
            case Kind.DcFirst:
                c.DcPredictor += reader.ReceiveExtend(reader.DecodeSymbol(c.DcTable!));
                coefficients[0] = (short)(c.DcPredictor << scan.BitLow);
                break;
            case Kind.DcRefine:
                if (reader.ReadBit() != 0)
                {
                    coefficients[0] |= (short)(1 << scan.BitLow);
                }

                break;
            case Kind.AcFirst:
                DecodeAcFirst(ref reader, c.AcTable!, scan, coefficients, ref eobRun);
                break;
            default:
                DecodeAcRefine(ref reader, c.AcTable!, scan, coefficients, ref eobRun);
                break;
        }
    }

    // The hot loop: bit buffer in locals, table and block indexing without bounds checks (peeked indexes are below 4096,
    // the multi-symbol table has 4096 entries; k stays below 64 + 16 and the zig-zag table has 80 entries, all below 64).
    // At least 32 bits are buffered at the top of each step: a table entry takes at most 12, the one-symbol path at most
    // 16 (code) + 15 (extra bits).
    [MethodImpl(HotPath.Options)]
    private static void DecodeSequential(ref JpegBitReader reader, JpegComponent c, scoped Span<short> block)
    {
        c.DcPredictor += reader.ReceiveExtend(reader.DecodeSymbol(c.DcTable!));
        if (c.ScaledSize == 1)
        {
            // A 1x1 IDCT reads only the DC coefficient: the AC codes are decoded just to move past them.
            block[0] = (short)c.DcPredictor;
            SkipAc(ref reader, c.AcTable!);
            return;
        }

        block.Clear();
        block[0] = (short)c.DcPredictor;
        JpegHuffmanTable ac = c.AcTable!;
        ref short blockRef = ref MemoryMarshal.GetReference(block[..64]);
        ref byte toNatural = ref MemoryMarshal.GetReference(JpegZigZag.ToNatural);
        ref ulong multi = ref MemoryMarshal.GetArrayDataReference(ac.AcMulti);
        ref ushort lookup = ref MemoryMarshal.GetArrayDataReference(ac.Lookup);
        ulong bits = reader.Bits;
        int count = reader.Count;
        for (int k = 1; k < 64;)
        {
            if (count < 32)
            {
                reader.Store(bits, count);
                reader.Fill();
                bits = reader.Bits;
                count = reader.Count;
            }

            ulong entry = Unsafe.Add(ref multi, (int)(bits >> (64 - JpegAcMultiTable.Bits)));
            if (k + (int)((entry >> 6) & 127) <= 64)
            {
                int used = (int)entry & 63;
                bits <<= used;
                count -= used;

                // The second first: an absent second coefficient may share the first's position (see JpegAcMultiTable).
                Unsafe.Add(ref blockRef, Unsafe.Add(ref toNatural, k + (int)((entry >> 24) & 63))) = (short)(entry >> 48);
                Unsafe.Add(ref blockRef, Unsafe.Add(ref toNatural, k + (int)((entry >> 20) & 15))) = (short)(entry >> 32);
                if ((entry & (1ul << JpegAcMultiTable.EndOfBlockBit)) != 0)
                {
                    break;
                }

                k += (int)(entry >> 13) & 63;
                continue;
            }

            int rs = NextSymbol(ref reader, ac, ref lookup, (int)(bits >> (64 - JpegHuffmanTable.LookupBits)), ref bits, ref count);
            int r = rs >> 4;
            int s = rs & 15;
            if (s != 0)
            {
                k += r;
                int extra = (int)(bits >> (64 - s));
                bits <<= s;
                count -= s;
                Unsafe.Add(ref blockRef, Unsafe.Add(ref toNatural, k)) = (short)(extra < 1 << (s - 1) ? extra - (1 << s) + 1 : extra);
                k++;
            }
            else if (r == 15)
            {
                k += 16;
            }
            else
            {
                break;
            }
        }

        reader.Store(bits, count);
    }

    // Several whole symbols per lookup from the skip table; the one-symbol path takes what it cannot (codes or extra bits
    // across the 12-bit window, and a block's last symbols when they reach position 63). A lookup uses at most 12 bits,
    // so two fit in the 32 buffered at the top of each step.
    [MethodImpl(HotPath.Options)]
    private static void SkipAc(ref JpegBitReader reader, JpegHuffmanTable ac)
    {
        ref ushort skip = ref MemoryMarshal.GetArrayDataReference(ac.AcSkip);
        ref ushort lookup = ref MemoryMarshal.GetArrayDataReference(ac.Lookup);
        ulong bits = reader.Bits;
        int count = reader.Count;
        int k = 1;
        while (true)
        {
            if (count < 32)
            {
                reader.Store(bits, count);
                reader.Fill();
                bits = reader.Bits;
                count = reader.Count;
            }

            int entry = Unsafe.Add(ref skip, (int)(bits >> (64 - JpegHuffmanTable.SkipBits)));
            int advance = (entry >> 4) & 63;
            if (entry != 0 && k + advance < 64)
            {
                int used = entry & 15;
                bits <<= used;
                count -= used;
                k += advance;
                if (entry >= 1 << 10)
                {
                    break;
                }

                entry = Unsafe.Add(ref skip, (int)(bits >> (64 - JpegHuffmanTable.SkipBits)));
                advance = (entry >> 4) & 63;
                if (entry != 0 && k + advance < 64)
                {
                    used = entry & 15;
                    bits <<= used;
                    count -= used;
                    k += advance;
                    if (entry >= 1 << 10)
                    {
                        break;
                    }

                    continue;
                }

                if (count < 32)
                {
                    continue;
                }
            }

            int rs = NextSymbol(ref reader, ac, ref lookup, (int)(bits >> (64 - JpegHuffmanTable.LookupBits)), ref bits, ref count);
            int s = rs & 15;
            if (s != 0)
            {
                k += (rs >> 4) + 1;
                bits <<= s;
                count -= s;
            }
            else if (rs == 0xF0)
            {
                k += 16;
            }
            else
            {
                break;
            }

            if (k >= 64)
            {
                break;
            }
        }

        reader.Store(bits, count);
    }

    // A code of up to 11 bits from the lookahead table, longer ones through the reader (rare).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextSymbol(ref JpegBitReader reader, JpegHuffmanTable table, ref ushort lookup, int peek, ref ulong bits, ref int count)
    {
        int symbol = Unsafe.Add(ref lookup, peek);
        if (symbol != 0)
        {
            int length = symbol >> 8;
            bits <<= length;
            count -= length;
            return symbol & 0xFF;
        }

        reader.Store(bits, count);
        int rs = reader.DecodeSymbol(table);
        bits = reader.Bits;
        count = reader.Count;
        return rs;
    }

    [MethodImpl(HotPath.Options)]
    private static void DecodeAcFirst(ref JpegBitReader reader, JpegHuffmanTable ac, JpegScan scan, scoped Span<short> coefficients, ref int eobRun)
    {
        if (eobRun > 0)
        {
            eobRun--;
            return;
        }

        ReadOnlySpan<byte> toNatural = JpegZigZag.ToNatural;
        int end = scan.SpectralEnd;
        for (int k = scan.SpectralStart; k <= end; k++)
        {
            int rs = reader.DecodeSymbol(ac);
            int r = rs >> 4;
            int s = rs & 15;
            if (s != 0)
            {
                k += r;
                coefficients[toNatural[k]] = (short)(reader.ReceiveExtend(s) << scan.BitLow);
            }
            else if (r == 15)
            {
                k += 15;
            }
            else
            {
                eobRun = (1 << r) - 1 + reader.ReadBits(r);
                break;
            }
        }
    }

    [MethodImpl(HotPath.Options)]
    private static void DecodeAcRefine(ref JpegBitReader reader, JpegHuffmanTable ac, JpegScan scan, scoped Span<short> coefficients, ref int eobRun)
    {
        ReadOnlySpan<byte> toNatural = JpegZigZag.ToNatural;
        int plus = 1 << scan.BitLow;
        int minus = -1 << scan.BitLow;
        int end = scan.SpectralEnd;
        int k = scan.SpectralStart;
        if (eobRun == 0)
        {
            for (; k <= end; k++)
            {
                int rs = reader.DecodeSymbol(ac);
                int r = rs >> 4;
                int s = rs & 15;
                int value = 0;
                if (s != 0)
                {
                    value = reader.ReadBit() != 0 ? plus : minus;
                }
                else if (r != 15)
                {
                    eobRun = (1 << r) + reader.ReadBits(r);
                    break;
                }

                // Skip r zero-history coefficients, refining the non-zero ones passed on the way.
                do
                {
                    int position = toNatural[k];
                    int coefficient = coefficients[position];
                    if (coefficient != 0)
                    {
                        if (reader.ReadBit() != 0 && (coefficient & plus) == 0)
                        {
                            coefficients[position] = (short)(coefficient >= 0 ? coefficient + plus : coefficient + minus);
                        }
                    }
                    else if (--r < 0)
                    {
                        break;
                    }

                    k++;
                }
                while (k <= end);

                if (value != 0)
                {
                    coefficients[toNatural[k]] = (short)value;
                }
            }
        }

        if (eobRun > 0)
        {
            for (; k <= end; k++)
            {
                int position = toNatural[k];
                int coefficient = coefficients[position];
                if (coefficient != 0 && reader.ReadBit() != 0 && (coefficient & plus) == 0)
                {
                    coefficients[position] = (short)(coefficient >= 0 ? coefficient + plus : coefficient + minus);
                }
            }

            eobRun--;
        }
    }
}
