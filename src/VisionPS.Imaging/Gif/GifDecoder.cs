namespace VisionPS.Imaging.Gif;

/// <summary>The first frame of a GIF on its logical screen, to RGB or RGBA.</summary>
/// <remarks>
/// Matches ImageMagick's <c>convert x.gif[0] -coalesce</c>: screen pixels outside the frame are transparent with the
/// background colour's RGB; transparent-index pixels keep their table colour with alpha 0. Later frames are not read.
/// </remarks>
internal static class GifDecoder
{
    private const int ScreenDescriptorOffset = 6; // after "GIF87a" / "GIF89a"
    private const byte ExtensionIntroducer = 0x21, ImageSeparator = 0x2C, Trailer = 0x3B, GraphicControlLabel = 0xF9;

    public static PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options)
    {
        var reader = new GifByteReader(data, ScreenDescriptorOffset);
        const string Screen = "logical screen descriptor";
        int screenWidth = reader.ReadUInt16(Screen), screenHeight = reader.ReadUInt16(Screen);
        byte packed = reader.ReadByte(Screen);
        int backgroundIndex = reader.ReadByte(Screen);
        reader.ReadByte(Screen); // pixel aspect ratio
        ReadOnlySpan<byte> globalTable = reader.Read(GifColourTable.Bytes(packed), "global colour table");

        int transparentIndex = -1;
        GifFrame frame = FindFirstFrame(ref reader, ref transparentIndex);

        // A few encoders write a 0x0 logical screen; the frame then sizes the canvas (as the header reader reports).
        int width = screenWidth == 0 || screenHeight == 0 ? frame.Right : screenWidth;
        int height = screenWidth == 0 || screenHeight == 0 ? frame.Bottom : screenHeight;
        HeaderChecks.Dimensions(width, height, int.MaxValue, Screen);
        if (frame.Width == 0 || frame.Height == 0)
        {
            throw new PixelDataCorruptException($"the first frame is {frame.Width}x{frame.Height} pixels");
        }

        PixelLimitSignal.ThrowIfTooLarge(width, height, options);
        PixelLimitSignal.ThrowIfTooLarge(frame.Width, frame.Height, options);
        if ((long)width * height * 4 > Array.MaxLength || (long)frame.Width * frame.Height > Array.MaxLength)
        {
            throw new PixelLimitSignal(width, height, options.MaxPixels); // only reachable with a raised MaxPixels
        }

        ReadOnlySpan<byte> localTable = reader.Read(frame.LocalColourTableBytes, "local colour table");
        int minimumCodeSize = reader.ReadByte("image data");
        if (minimumCodeSize is < 1 or > 8)
        {
            throw new PixelDataCorruptException($"the LZW minimum code size is {minimumCodeSize} (1 to 8 for 8-bit indices)");
        }

        byte[] lzwData = ReadImageData(ref reader);

        // Each code is at least minimumCodeSize + 1 bits and yields at most 4096 pixels: a cheap bound before allocating.
        if ((long)frame.Width * frame.Height > lzwData.Length * 8L / (minimumCodeSize + 1) * 4096)
        {
            throw new PixelDataCorruptException($"{lzwData.Length} bytes of LZW data cannot hold the {frame.Width}x{frame.Height} frame");
        }

        var indices = new byte[frame.Width * frame.Height];
        new GifLzwDecoder().Decode(minimumCodeSize, lzwData, indices);

        byte[] colours = BuildColours(localTable.IsEmpty ? globalTable : localTable, transparentIndex);
        bool coversScreen = frame.Left == 0 && frame.Top == 0 && frame.Right >= width && frame.Bottom >= height;
        bool hasAlpha = transparentIndex >= 0 || !coversScreen;
        var pixels = new PixelBuffer(width, height, hasAlpha ? PixelLayout.Rgba32 : PixelLayout.Rgb24);
        if (!coversScreen)
        {
            FillBackground(pixels, BackgroundColour(globalTable, backgroundIndex, hasLocalTable: !localTable.IsEmpty));
        }

        Render(frame, indices, colours, pixels);
        return pixels;
    }

    // Extensions before the first image descriptor are skipped, except the Graphic Control Extension's transparency.
    private static GifFrame FindFirstFrame(ref GifByteReader reader, ref int transparentIndex)
    {
        while (true)
        {
            byte introducer = reader.ReadByte("block before the first image");
            switch (introducer)
            {
                case ImageSeparator:
                    return GifFrame.Read(ref reader);
                case ExtensionIntroducer:
                    byte label = reader.ReadByte("extension");
                    if (label == GraphicControlLabel)
                    {
                        // packed(1: bit 0 = transparent index given) delay(2) transparent index(1).
                        byte[] control = reader.ReadSubBlocks("graphic control extension");
                        transparentIndex = control.Length >= 4 && (control[0] & 1) != 0 ? control[3] : -1;
                    }
                    else
                    {
                        reader.SkipSubBlocks("extension");
                    }

                    break;
                case Trailer:
                    throw new PixelDataCorruptException("the trailer comes before any image");
                default:
                    throw new PixelDataCorruptException($"byte 0x{introducer:X2} at {reader.Position - 1} starts no GIF block");
            }
        }
    }

    // Sub-blocks up to the terminator; when the file ends first, what is there is decoded and the LZW decoder decides.
    private static byte[] ReadImageData(ref GifByteReader reader)
    {
        using var joined = new MemoryStream();
        while (!reader.AtEnd)
        {
            byte size = reader.ReadByte("image data");
            if (size == 0)
            {
                break;
            }

            joined.Write(reader.Read(Math.Min(size, reader.Remaining), "image data"));
        }

        return joined.ToArray();
    }

    // 256 RGBA entries: the table's colours, opaque black past its end, alpha 0 at the transparent index.
    private static byte[] BuildColours(ReadOnlySpan<byte> table, int transparentIndex)
    {
        var colours = new byte[256 * 4];
        for (int i = 0; i < 256; i++)
        {
            if (i * 3 < table.Length)
            {
                colours[i * 4] = table[i * 3];
                colours[(i * 4) + 1] = table[(i * 3) + 1];
                colours[(i * 4) + 2] = table[(i * 3) + 2];
            }

            colours[(i * 4) + 3] = i == transparentIndex ? (byte)0 : (byte)255;
        }

        return colours;
    }

    // ImageMagick: the global table's entry (clamped to the last one); white without a global table; black without any table.
    private static (byte R, byte G, byte B) BackgroundColour(ReadOnlySpan<byte> globalTable, int index, bool hasLocalTable)
    {
        if (globalTable.IsEmpty)
        {
            return hasLocalTable ? ((byte)255, (byte)255, (byte)255) : ((byte)0, (byte)0, (byte)0);
        }

        int entry = Math.Min(index, (globalTable.Length / 3) - 1) * 3;
        return (globalTable[entry], globalTable[entry + 1], globalTable[entry + 2]);
    }

    private static void FillBackground(PixelBuffer pixels, (byte R, byte G, byte B) colour)
    {
        byte[] data = pixels.Data;
        for (int i = 0; i < data.Length; i += 4)
        {
            data[i] = colour.R;
            data[i + 1] = colour.G;
            data[i + 2] = colour.B;
            data[i + 3] = 0;
        }
    }

    private static void Render(GifFrame frame, byte[] indices, byte[] colours, PixelBuffer pixels)
    {
        int[] rowOrder = frame.RowOrder();
        int bytesPerPixel = pixels.BytesPerPixel;
        int columns = Math.Min(frame.Width, pixels.Width - frame.Left);
        for (int stored = 0; stored < frame.Height && columns > 0; stored++)
        {
            int y = frame.Top + rowOrder[stored];
            if (y >= pixels.Height)
            {
                continue;
            }

            Span<byte> row = pixels.GetRow(y);
            int source = stored * frame.Width;
            int o = frame.Left * bytesPerPixel;
            for (int x = 0; x < columns; x++, o += bytesPerPixel)
            {
                int c = indices[source + x] * 4;
                row[o] = colours[c];
                row[o + 1] = colours[c + 1];
                row[o + 2] = colours[c + 2];
                if (bytesPerPixel == 4)
                {
                    row[o + 3] = colours[c + 3];
                }
            }
        }
    }
}
