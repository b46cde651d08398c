namespace VisionPS.Imaging.Tests.Decoding;

/// <summary>
/// Writes single-frame GIFs with a plain LZW encoder, so tests control the code stream: table growth to 12 bits, with or
/// without a clear code when the table is full, or a hand-made code list.
/// </summary>
internal sealed class GifBytes
{
    public int ScreenWidth { get; init; }

    public int ScreenHeight { get; init; }

    public int Left { get; init; }

    public int Top { get; init; }

    public int FrameWidth { get; init; }

    public int FrameHeight { get; init; }

    public byte[] GlobalTable { get; init; } = [];

    public byte BackgroundIndex { get; init; }

    public int TransparentIndex { get; init; } = -1;

    public int MinimumCodeSize { get; init; } = 8;

    /// <summary>True: keep sending 12-bit codes when the table is full; false: send a clear code.</summary>
    public bool DeferredClear { get; init; }

    public byte[] Build(byte[] indices) => Build(Encode(indices));

    public byte[] Build(IReadOnlyList<(int Code, int Bits)> codes)
    {
        var file = new List<byte>("GIF89a"u8.ToArray());
        AddUInt16(file, ScreenWidth);
        AddUInt16(file, ScreenHeight);
        file.Add(GlobalTable.Length == 0 ? (byte)0 : (byte)(0x80 | TableSizeBits(GlobalTable.Length)));
        file.Add(BackgroundIndex);
        file.Add(0);
        file.AddRange(GlobalTable);
        if (TransparentIndex >= 0)
        {
            file.AddRange([0x21, 0xF9, 4, 1, 0, 0, (byte)TransparentIndex, 0]);
        }

        file.Add(0x2C);
        AddUInt16(file, Left);
        AddUInt16(file, Top);
        AddUInt16(file, FrameWidth);
        AddUInt16(file, FrameHeight);
        file.Add(0);
        file.Add((byte)MinimumCodeSize);
        byte[] packed = Pack(codes);
        for (int i = 0; i < packed.Length; i += 255)
        {
            int size = Math.Min(255, packed.Length - i);
            file.Add((byte)size);
            file.AddRange(packed.AsSpan(i, size).ToArray());
        }

        file.Add(0);
        file.Add(0x3B);
        return [.. file];
    }

    /// <summary>LZW codes with the width each is written in.</summary>
    public List<(int Code, int Bits)> Encode(byte[] indices)
    {
        int clear = 1 << MinimumCodeSize;
        var codes = new List<(int, int)>();
        var table = new Dictionary<(int, byte), int>();
        int next = clear + 2, codeSize = MinimumCodeSize + 1;
        codes.Add((clear, codeSize));
        int current = indices[0];
        foreach (byte k in indices.AsSpan(1))
        {
            if (table.TryGetValue((current, k), out int found))
            {
                current = found;
                continue;
            }

            codes.Add((current, codeSize));
            if (next < 4096)
            {
                table[(current, k)] = next++;
                if (next > 1 << codeSize && codeSize < 12)
                {
                    codeSize++;
                }
            }
            else if (!DeferredClear)
            {
                codes.Add((clear, codeSize));
                table.Clear();
                next = clear + 2;
                codeSize = MinimumCodeSize + 1;
            }

            current = k;
        }

        codes.Add((current, codeSize));
        codes.Add((clear + 1, codeSize));
        return codes;
    }

    private static byte[] Pack(IReadOnlyList<(int Code, int Bits)> codes)
    {
        var bytes = new List<byte>();
        int buffer = 0, count = 0;
        foreach ((int code, int bits) in codes)
        {
            buffer |= code << count;
            count += bits;
            while (count >= 8)
            {
                bytes.Add((byte)buffer);
                buffer >>= 8;
                count -= 8;
            }
        }

        if (count > 0)
        {
            bytes.Add((byte)buffer);
        }

        return [.. bytes];
    }

    private static int TableSizeBits(int tableBytes) => (int)Math.Log2(tableBytes / 3) - 1;

    private static void AddUInt16(List<byte> file, int value)
    {
        file.Add((byte)value);
        file.Add((byte)(value >> 8));
    }
}
