using System.IO.Compression;
using VisionPS.Imaging.Png.Filters;

namespace VisionPS.Imaging.Png;

/// <summary>Every PNG colour type and bit depth, Adam7 included, to RGB or RGBA.</summary>
/// <remarks>
/// The IDAT data is inflated with the BCL's <see cref="ZLibStream"/> a block of scanlines at a time, reading exactly the size IHDR
/// implies and never more, so a decompression bomb cannot grow memory. Gamma, chromaticities and ICC profiles are not
/// applied (ImageMagick does not change the pixels for them either).
/// </remarks>
internal static class PngDecoder
{
    public static PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options)
    {
        PngChunkWalk walk = PngChunkWalk.Read(data, options);
        PngImageHeader header = walk.Header;
        PngPalette? palette = walk.Palette is null || header.ColourType != PngColourType.Palette
            ? null
            : PngPalette.Create(walk.Palette, walk.Transparency);
        PngColourKey? key = walk.Transparency is null ? null : PngColourKey.Parse(walk.Transparency, header.ColourType, header.BitDepth);
        var converter = new PngRowConverter(header, palette, key);

        long fullRowBytes = header.RowBytes(header.Width);
        if (fullRowBytes + 1 > Array.MaxLength || (long)header.Width * header.Height * 4 > Array.MaxLength)
        {
            throw new PixelLimitSignal(header.Width, header.Height, options.MaxPixels);
        }

        // Deflate expands at most about 1032:1 (a 258-byte match in 2 bits), so data that cannot hold the scanlines is
        // rejected before the pixel memory is allocated.
        long expected = InflatedSize(header);
        if (expected > ((long)walk.ZlibStream.Length * MaxDeflateRatio) + 1024)
        {
            throw new PixelDataCorruptException($"the {walk.ZlibStream.Length} bytes of IDAT data cannot hold the {expected} bytes of scanlines IHDR implies");
        }

        var pixels = new PixelBuffer(header.Width, header.Height, converter.HasAlpha ? PixelLayout.Rgba32 : PixelLayout.Rgb24);
        using var input = new MemoryStream(walk.ZlibStream, writable: false);
        using var inflater = new ZLibStream(input, CompressionMode.Decompress);
        try
        {
            ReadPasses(inflater, header, converter, pixels, (int)fullRowBytes);
        }
        catch (InvalidDataException e)
        {
            throw new PixelDataCorruptException($"the IDAT data is not a valid zlib stream ({e.Message})");
        }
        catch (EndOfStreamException)
        {
            throw new PixelDataCorruptException("the IDAT data ends before the last scanline");
        }

        return pixels;
    }

    private const long MaxDeflateRatio = 1032;

    private static long InflatedSize(PngImageHeader header)
    {
        long total = 0;
        foreach (ScanPass pass in header.Interlaced ? Adam7.Passes : Adam7.Progressive)
        {
            int width = pass.Width(header.Width);
            int height = pass.Height(header.Height);
            if (width > 0 && height > 0)
            {
                total += height * (1 + header.RowBytes(width));
            }
        }

        return total;
    }

    // Scanlines are inflated a block of rows at a time: fewer, larger reads through ZLibStream.
    private const int BlockBytes = 128 * 1024;

    private static void ReadPasses(Stream inflater, PngImageHeader header, PngRowConverter converter, PixelBuffer pixels, int fullRowBytes)
    {
        var block = new byte[Math.Max(fullRowBytes + 1, BlockBytes)];
        var carried = new byte[fullRowBytes]; // the last row of the previous block, the "previous" of the block's first row
        int bytesPerPixel = header.FilterBytesPerPixel;
        foreach (ScanPass pass in header.Interlaced ? Adam7.Passes : Adam7.Progressive)
        {
            int width = pass.Width(header.Width);
            int height = pass.Height(header.Height);
            if (width == 0 || height == 0)
            {
                continue; // an empty pass has no scanlines, not even filter bytes
            }

            int rowBytes = (int)header.RowBytes(width);
            int lineBytes = rowBytes + 1;
            int rowsPerBlock = block.Length / lineBytes;
            Array.Clear(carried, 0, rowBytes);
            for (int j = 0; j < height;)
            {
                int rows = Math.Min(rowsPerBlock, height - j);
                Span<byte> lines = block.AsSpan(0, rows * lineBytes);
                inflater.ReadExactly(lines);
                ReadOnlySpan<byte> previous = carried.AsSpan(0, rowBytes);
                for (int k = 0; k < rows; k++, j++)
                {
                    Span<byte> line = lines.Slice(k * lineBytes, lineBytes);
                    Span<byte> row = line[1..];
                    PngUnfilter.Decode(line[0], row, previous, bytesPerPixel);
                    converter.Convert(row, width, pixels.GetRow(pass.YStart + (j * pass.YStep)), pass.XStart, pass.XStep);
                    previous = row;
                }

                previous.CopyTo(carried);
            }
        }
    }
}
