using System.Runtime.CompilerServices;
using VisionPS.Imaging.Memory;
using System.Buffers.Binary;

namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// State of one JPEG decode: walks the marker segments (T.81 B), keeps the tables, runs each scan, then turns the
/// component planes into RGB.
/// </summary>
internal sealed class JpegDecoderCore
{
    // Sizes beyond this would overflow .NET array lengths for the planes or the output, whatever MaxPixels allows.
    private const long MaxAddressablePixels = 600_000_000;

    private readonly DecodeOptions options;
    private readonly int[]?[] quantTables = new int[]?[4];
    private readonly JpegHuffmanTable?[] dcTables = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] acTables = new JpegHuffmanTable?[4];
    private JpegFrame? frame;
    private int restartInterval;
    private bool sawJfif;
    private bool sawAdobe;
    private int adobeTransform;
    private int scans;
    private int minScaledSize = 8;
    private int outputWidth;
    private int outputHeight;

    public JpegDecoderCore(DecodeOptions options) => this.options = options;

    public PixelBuffer Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            return DecodeSegments(data);
        }
        finally
        {
            ReturnPlanes();
        }
    }

    // The planes and coefficients are rented (ArrayPool) and go back on every path, errors included (issue 11 point 1).
    private void ReturnPlanes()
    {
        foreach (JpegComponent c in frame?.Components ?? [])
        {
            if (c.Plane.Length > 0)
            {
                ScratchArrays.Return(c.Plane);
                c.Plane = [];
            }

            if (c.Coefficients is { } coefficients)
            {
                ScratchArrays.Return(coefficients);
                c.Coefficients = null;
            }
        }
    }

    private PixelBuffer DecodeSegments(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != JpegMarker.Prefix || data[1] != JpegMarker.StartOfImage)
        {
            throw new HeaderCorruptException("the data does not start with a JPEG start-of-image marker (SOI)");
        }

        int position = 2;
        while (true)
        {
            // Like libjpeg, skip stray bytes and FF fill bytes before a marker.
            while (position < data.Length && data[position] != JpegMarker.Prefix)
            {
                position++;
            }

            while (position + 1 < data.Length && data[position + 1] == JpegMarker.Prefix)
            {
                position++;
            }

            if (position + 1 >= data.Length)
            {
                return EndWithoutEoi(data.Length);
            }

            byte marker = data[position + 1];
            int markerOffset = position;
            position += 2;
            if (marker == 0 || JpegMarker.IsStandalone(marker))
            {
                continue;
            }

            if (marker == JpegMarker.EndOfImage)
            {
                return Finish(markerOffset);
            }

            string name = JpegMarker.Name(marker);
            if (position + 2 > data.Length)
            {
                throw new HeaderTruncatedException(position + 2, $"{name} segment length");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2)
            {
                throw new HeaderCorruptException($"the {name} segment at offset {markerOffset} has an impossible length of {length}");
            }

            if (position + length > data.Length)
            {
                throw new HeaderTruncatedException(position + length, $"{name} segment");
            }

            ReadOnlySpan<byte> payload = data.Slice(position + 2, length - 2);
            position += length;
            switch (marker)
            {
                case 0xC4:
                    ReadHuffmanTables(payload);
                    break;
                case 0xDB:
                    ReadQuantTables(payload);
                    break;
                case 0xDD:
                    restartInterval = payload.Length >= 2
                        ? BinaryPrimitives.ReadUInt16BigEndian(payload)
                        : throw new HeaderCorruptException($"the DRI segment at offset {markerOffset} is too short");
                    break;
                case JpegMarker.StartOfScan:
                    JpegScan scan = ReadScanHeader(payload, markerOffset);
                    position = JpegScanDecoder.Decode(data, position, frame!, scan, restartInterval);
                    scans++;
                    break;
                case 0xE0:
                    sawJfif |= payload.Length >= 14 && payload.StartsWith("JFIF\0"u8);
                    break;
                case 0xEE:
                    if (payload.Length >= 12 && payload.StartsWith("Adobe"u8))
                    {
                        sawAdobe = true;
                        adobeTransform = payload[11];
                    }

                    break;
                case 0xDE or 0xDF:
                    throw new UnsupportedFeatureSignal($"hierarchical JPEG ({name})");
                default:
                    if (JpegMarker.IsStartOfFrame(marker))
                    {
                        ReadFrameHeader(marker, name, payload, markerOffset);
                    }

                    break; // APPn, COM, DNL and others carry nothing the pixels need
            }
        }
    }

    private void ReadFrameHeader(byte marker, string name, ReadOnlySpan<byte> payload, int markerOffset)
    {
        switch (marker)
        {
            case 0xC3:
                throw new UnsupportedFeatureSignal($"lossless JPEG ({name})");
            case 0xC5 or 0xC6 or 0xC7:
                throw new UnsupportedFeatureSignal($"hierarchical JPEG ({name})");
            case >= 0xC9:
                throw new UnsupportedFeatureSignal($"arithmetic coding ({name})");
        }

        if (frame is not null)
        {
            throw new HeaderCorruptException($"a second frame header ({name} at offset {markerOffset}) follows the first");
        }

        if (payload.Length < 6)
        {
            throw new HeaderCorruptException($"the {name} frame header at offset {markerOffset} is too short");
        }

        int precision = payload[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(payload[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(payload[3..]);
        int count = payload[5];
        if (precision != 8)
        {
            throw new UnsupportedFeatureSignal($"{precision}-bit samples ({name})");
        }

        if (width == 0)
        {
            throw new HeaderCorruptException($"the {name} frame header gives a width of 0");
        }

        if (height == 0)
        {
            throw new UnsupportedFeatureSignal($"a height defined after the first scan by a DNL marker ({name} gives height 0)");
        }

        if (count == 0 || payload.Length != 6 + (3 * count))
        {
            throw new HeaderCorruptException($"the {name} frame header's length does not match its {count} components");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> c = payload.Slice(6 + (3 * i), 3);
            int h = c[1] >> 4, v = c[1] & 15, tq = c[2];
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw new HeaderCorruptException($"component {c[0]} has sampling factors {h}x{v} (each must be 1 to 4)");
            }

            if (tq > 3)
            {
                throw new HeaderCorruptException($"component {c[0]} names quantisation table {tq} (must be 0 to 3)");
            }

            for (int j = 0; j < i; j++)
            {
                if (components[j].Id == c[0])
                {
                    throw new HeaderCorruptException($"the {name} frame header defines component {c[0]} twice");
                }
            }

            components[i] = new JpegComponent(i, c[0], h, v, tq);
        }

        if (count is 2 or > 4)
        {
            throw new UnsupportedFeatureSignal($"{count} colour components");
        }

        PixelLimitSignal.ThrowIfTooLarge(width, height, options);
        if ((long)width * height > MaxAddressablePixels)
        {
            throw new PixelLimitSignal(width, height, MaxAddressablePixels);
        }

        frame = new JpegFrame(marker == 0xC2, width, height, components);
        PrepareOutput(frame);
    }

    // libjpeg's choice (jdmaster.c): a subsampled component gets a larger IDCT instead of upsampling where it can.
    private void PrepareOutput(JpegFrame f)
    {
        int denominator = JpegScale.ChooseDenominator(f.Width, f.Height, options.MinimumWidth, options.MinimumHeight);
        minScaledSize = 8 / denominator;
        outputWidth = JpegFrame.DivCeil(f.Width, denominator);
        outputHeight = JpegFrame.DivCeil(f.Height, denominator);
        foreach (JpegComponent c in f.Components)
        {
            int size = minScaledSize;
            while (size < 8 && (f.MaxH * minScaledSize) % (c.H * size * 2) == 0 && (f.MaxV * minScaledSize) % (c.V * size * 2) == 0)
            {
                size *= 2;
            }

            c.ScaledSize = size;
            c.SampleWidth = (int)(((long)f.Width * c.H * size + (f.MaxH * 8) - 1) / (f.MaxH * 8));
            c.SampleHeight = (int)(((long)f.Height * c.V * size + (f.MaxV * 8) - 1) / (f.MaxV * 8));
            int inH = c.H * size / minScaledSize, inV = c.V * size / minScaledSize;
            if (f.MaxH % inH != 0 || f.MaxV % inV != 0)
            {
                throw new UnsupportedFeatureSignal($"sampling factors that are not integer ratios of each other ({c.H}x{c.V} against {f.MaxH}x{f.MaxV})");
            }

            c.PlaneStride = c.BlocksWide * size;
            // Cleared: a truncated scan leaves blocks unwritten, and they must not show a previous image's samples.
            int planeLength = checked(c.PlaneStride * c.BlocksHigh * size);
            c.Plane = ScratchArrays.Rent<byte>(planeLength);
            c.Plane.AsSpan(0, planeLength).Clear();
            if (f.Progressive)
            {
                int coefficientCount = checked(c.BlocksWide * c.BlocksHigh * 64);
                c.Coefficients = ScratchArrays.Rent<short>(coefficientCount);
                c.Coefficients.AsSpan(0, coefficientCount).Clear();
            }
        }
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> payload)
    {
        while (payload.Length > 0)
        {
            if (payload.Length < 17)
            {
                throw new HeaderCorruptException("a DHT segment ends inside a table's code counts");
            }

            int tableClass = payload[0] >> 4, id = payload[0] & 15;
            if (tableClass > 1 || id > 3)
            {
                throw new HeaderCorruptException($"a DHT segment defines table class {tableClass}, number {id} (must be 0-1 and 0-3)");
            }

            ReadOnlySpan<byte> counts = payload.Slice(1, 16);
            int total = 0;
            foreach (byte n in counts)
            {
                total += n;
            }

            if (total > 256 || payload.Length < 17 + total)
            {
                throw new HeaderCorruptException($"a DHT segment's table lists {total} symbols, more than it holds or than 256");
            }

            var table = new JpegHuffmanTable(counts, payload.Slice(17, total));
            (tableClass == 0 ? dcTables : acTables)[id] = table;
            payload = payload[(17 + total)..];
        }
    }

    private void ReadQuantTables(ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> toNatural = JpegZigZag.ToNatural;
        while (payload.Length > 0)
        {
            int precision = payload[0] >> 4, id = payload[0] & 15;
            if (precision > 1 || id > 3)
            {
                throw new HeaderCorruptException($"a DQT segment defines table {id} with precision code {precision} (must be 0-3 and 0-1)");
            }

            int size = 1 + (64 << precision);
            if (payload.Length < size)
            {
                throw new HeaderCorruptException($"a DQT segment ends inside table {id}");
            }

            var table = new int[64];
            for (int k = 0; k < 64; k++)
            {
                table[toNatural[k]] = precision == 0 ? payload[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(payload[(1 + (2 * k))..]);
            }

            quantTables[id] = table;
            payload = payload[size..];
        }
    }

    private JpegScan ReadScanHeader(ReadOnlySpan<byte> payload, int markerOffset)
    {
        JpegFrame f = frame ?? throw new HeaderCorruptException($"a scan (SOS at offset {markerOffset}) starts before any frame header (SOF)");
        int count = payload.Length > 0 ? payload[0] : 0;
        if (count is < 1 or > 4 || payload.Length != 4 + (2 * count))
        {
            throw new PixelDataCorruptException($"the scan header (SOS at offset {markerOffset}) is malformed ({count} components, {payload.Length} bytes)");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int id = payload[1 + (2 * i)];
            JpegComponent c = Array.Find(f.Components, x => x.Id == id)
                ?? throw new PixelDataCorruptException($"the scan at offset {markerOffset} names component {id}, which the frame header does not define");
            if (Array.IndexOf(components, c, 0, i) >= 0)
            {
                throw new PixelDataCorruptException($"the scan at offset {markerOffset} names component {id} twice");
            }

            int dc = payload[2 + (2 * i)] >> 4, ac = payload[2 + (2 * i)] & 15;
            if (dc > 3 || ac > 3)
            {
                throw new PixelDataCorruptException($"the scan at offset {markerOffset} names Huffman tables {dc}/{ac} (must be 0 to 3)");
            }

            c.DcTable = dcTables[dc];
            c.AcTable = acTables[ac];
            components[i] = c;
        }

        int ss = payload[1 + (2 * count)], se = payload[2 + (2 * count)];
        int ah = payload[3 + (2 * count)] >> 4, al = payload[3 + (2 * count)] & 15;
        var scan = new JpegScan(components, ss, se, ah, al);
        bool needDc = !f.Progressive || (ss == 0 && ah == 0);
        bool needAc = !f.Progressive || ss > 0;
        if (f.Progressive)
        {
            bool bad = ss == 0 ? se != 0 : se < ss || se > 63 || count != 1;
            bad |= (ah != 0 && al != ah - 1) || al > 13;
            if (bad)
            {
                throw new PixelDataCorruptException($"the progressive scan at offset {markerOffset} has an invalid band or bit position (Ss={ss}, Se={se}, Ah={ah}, Al={al})");
            }
        }

        int blocksPerMcu = 0;
        foreach (JpegComponent c in components)
        {
            blocksPerMcu += c.H * c.V;
            if (needDc && (c.DcTable is null || c.DcTable.MaxSymbol > 15))
            {
                throw new PixelDataCorruptException($"the scan at offset {markerOffset} uses a DC Huffman table that is not defined or not valid for DC");
            }

            if (needAc && c.AcTable is null)
            {
                throw new PixelDataCorruptException($"the scan at offset {markerOffset} uses an AC Huffman table that is not defined");
            }

            c.Quant ??= quantTables[c.QuantTableId]
                ?? throw new PixelDataCorruptException($"component {c.Id} uses quantisation table {c.QuantTableId}, which no DQT segment defines before its first scan");
            c.Decoded = true;
        }

        if (count > 1 && blocksPerMcu > 10)
        {
            throw new PixelDataCorruptException($"the scan at offset {markerOffset} has {blocksPerMcu} blocks per MCU (at most 10 are allowed)");
        }

        return scan;
    }

    private PixelBuffer EndWithoutEoi(int length)
    {
        if (frame is null)
        {
            throw new HeaderTruncatedException(length + 1, "marker segments before the frame header (SOF)");
        }

        if (frame.Progressive)
        {
            throw new PixelDataCorruptException($"the data ends after {scans} scans, before the end-of-image marker (EOI), so the progressive image is incomplete");
        }

        return Finish(length);
    }

    private PixelBuffer Finish(int offset)
    {
        JpegFrame f = frame ?? throw new HeaderCorruptException($"the image ends (at offset {offset}) before any frame header (SOF) gives its size");
        foreach (JpegComponent c in f.Components)
        {
            if (!c.Decoded)
            {
                throw new PixelDataCorruptException(scans == 0
                    ? "the data ends before the first scan (SOS)"
                    : $"the data ends (at offset {offset}) before any scan has carried component {c.Id}");
            }
        }

        if (f.Progressive)
        {
            TransformCoefficients(f);
        }

        return ConvertToRgb(f);
    }

    [MethodImpl(HotPath.Options)]
    private static void TransformCoefficients(JpegFrame f)
    {
        Span<int> workspace = stackalloc int[64];
        foreach (JpegComponent c in f.Components)
        {
            int size = c.ScaledSize;
            short[] coefficients = c.Coefficients!;
            for (int by = 0; by < c.ScanBlocksHigh; by++)
            {
                for (int bx = 0; bx < c.ScanBlocksWide; bx++)
                {
                    JpegIdct.Transform(
                        size,
                        coefficients.AsSpan(((by * c.BlocksWide) + bx) * 64, 64),
                        c.Quant,
                        c.Plane.AsSpan((by * size * c.PlaneStride) + (bx * size)),
                        c.PlaneStride,
                        workspace);
                }
            }
        }
    }

    [MethodImpl(HotPath.Options)]
    private PixelBuffer ConvertToRgb(JpegFrame f)
    {
        JpegColorSpace space = ChooseColorSpace(f);
        var upsamplers = new JpegUpsampler[f.Components.Length];
        for (int i = 0; i < upsamplers.Length; i++)
        {
            JpegComponent c = f.Components[i];
            int inH = c.H * c.ScaledSize / minScaledSize, inV = c.V * c.ScaledSize / minScaledSize;
            upsamplers[i] = new JpegUpsampler(c, outputWidth, f.MaxH / inH, f.MaxV / inV, fancyAllowed: minScaledSize > 1);
        }

        var output = new PixelBuffer(outputWidth, outputHeight, PixelLayout.Rgb24);
        for (int y = 0; y < outputHeight; y++)
        {
            ReadOnlySpan<byte> row0 = upsamplers[0].GetRow(y);
            ReadOnlySpan<byte> row1 = upsamplers.Length > 1 ? upsamplers[1].GetRow(y) : default;
            ReadOnlySpan<byte> row2 = upsamplers.Length > 2 ? upsamplers[2].GetRow(y) : default;
            ReadOnlySpan<byte> row3 = upsamplers.Length > 3 ? upsamplers[3].GetRow(y) : default;
            JpegColorConverter.Convert(space, row0, row1, row2, row3, output.GetRow(y));
        }

        return output;
    }

    // libjpeg's default_decompress_parms (jdapimin.c).
    private JpegColorSpace ChooseColorSpace(JpegFrame f)
    {
        JpegComponent[] c = f.Components;
        return c.Length switch
        {
            1 => JpegColorSpace.Grayscale,
            3 when sawJfif => JpegColorSpace.YCbCr,
            3 when sawAdobe => adobeTransform == 0 ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr,
            3 => c[0].Id == 'R' && c[1].Id == 'G' && c[2].Id == 'B' ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr,
            _ => sawAdobe && adobeTransform != 0 ? JpegColorSpace.Ycck : JpegColorSpace.Cmyk,
        };
    }
}
