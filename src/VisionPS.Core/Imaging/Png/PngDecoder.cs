using System.IO.Compression;
using VisionPS.Core.Imaging.Png.Filters;

namespace VisionPS.Core.Imaging.Png;

/// <summary>Every PNG colour type and bit depth, Adam7 included, to RGB or RGBA.</summary>
/// <remarks>
/// The IDAT data is inflated with the BCL's <see cref="ZLibStream"/> one scanline at a time, reading exactly the size IHDR
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

    private static void ReadPasses(Stream inflater, PngImageHeader header, PngRowConverter converter, PixelBuffer pixels, int fullRowBytes)
    {
        var current = new byte[fullRowBytes + 1];
        var previous = new byte[fullRowBytes + 1];
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
            Array.Clear(previous, 0, rowBytes + 1);
            for (int j = 0; j < height; j++)
            {
                Span<byte> line = current.AsSpan(0, rowBytes + 1);
                inflater.ReadExactly(line);
                Span<byte> row = line[1..];
                PngUnfilter.Decode(line[0], row, previous.AsSpan(1, rowBytes), bytesPerPixel);
                converter.Convert(row, width, pixels.GetRow(pass.YStart + (j * pass.YStep)), pass.XStart, pass.XStep);
                (current, previous) = (previous, current);
            }
        }
    }
}
