namespace VisionPS.Imaging.Png;

/// <summary>What the chunks up to the end of the IDAT run hold: the header, palette, transparency and the zlib stream.</summary>
internal sealed class PngChunkWalk
{
    private const uint Ihdr = 0x49484452, Plte = 0x504C5445, Trns = 0x74524E53, Idat = 0x49444154, Iend = 0x49454E44;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private PngChunkWalk(PngImageHeader header)
    {
        Header = header;
    }

    public PngImageHeader Header { get; }

    /// <summary>PLTE data, or null.</summary>
    public byte[]? Palette { get; private set; }

    /// <summary>tRNS data (CRC correct), or null.</summary>
    public byte[]? Transparency { get; private set; }

    /// <summary>The data of all IDAT chunks, concatenated.</summary>
    public byte[] ZlibStream { get; private set; } = [];

    /// <summary>
    /// Reads IHDR, checks the pixel limit, then every chunk up to the first one after the IDAT run (APNG's fcTL/fdAT are
    /// ancillary and skipped, so the default image is what is decoded). Critical chunks with a bad CRC are corrupt;
    /// ancillary ones with a bad CRC are ignored.
    /// </summary>
    public static PngChunkWalk Read(ReadOnlySpan<byte> file, DecodeOptions options)
    {
        if (!file.StartsWith(Signature))
        {
            throw new HeaderCorruptException("the data does not start with the PNG signature");
        }

        if (file.Length < Signature.Length + PngChunk.Overhead + PngImageHeader.Length)
        {
            throw new HeaderTruncatedException(Signature.Length + PngChunk.Overhead + PngImageHeader.Length, "IHDR chunk");
        }

        PngChunk first = PngChunk.Read(file, Signature.Length);
        if (first.Type != Ihdr)
        {
            throw new HeaderCorruptException($"the first chunk is '{first.Name}', but a PNG must start with IHDR");
        }

        RequireCrc(first);
        var walk = new PngChunkWalk(PngImageHeader.Parse(first.Data));
        PixelLimitSignal.ThrowIfTooLarge(walk.Header.Width, walk.Header.Height, options);
        walk.ReadChunks(file, Signature.Length + PngChunk.Overhead + first.Data.Length);
        return walk;
    }

    private void ReadChunks(ReadOnlySpan<byte> file, int position)
    {
        using var idat = new MemoryStream();
        bool inIdat = false;
        while (true)
        {
            if (position == file.Length)
            {
                if (inIdat)
                {
                    break; // IEND missing after complete image data: the pixels are all there
                }

                throw new PixelDataCorruptException($"the data ends after {file.Length} bytes, before any IDAT chunk");
            }

            PngChunk chunk = PngChunk.Read(file, position);
            position += PngChunk.Overhead + chunk.Data.Length;
            if (inIdat && chunk.Type != Idat)
            {
                break;
            }

            if (chunk.IsCritical)
            {
                RequireCrc(chunk);
            }
            else if (!chunk.CrcMatches)
            {
                continue;
            }

            switch (chunk.Type)
            {
                case Idat:
                    inIdat = true;
                    idat.Write(chunk.Data);
                    break;
                case Plte:
                    ReadPalette(chunk.Data);
                    break;
                case Trns:
                    Transparency = chunk.Data.ToArray();
                    break;
                case Iend:
                    throw new PixelDataCorruptException("the IEND chunk comes before any IDAT chunk");
                case Ihdr:
                    throw new PixelDataCorruptException("there is a second IHDR chunk");
                default:
                    if (chunk.IsCritical)
                    {
                        throw new UnsupportedFeatureSignal($"the unknown critical chunk '{chunk.Name}'");
                    }

                    break;
            }
        }

        ZlibStream = idat.ToArray();
        if (Header.ColourType == PngColourType.Palette && Palette is null)
        {
            throw new PixelDataCorruptException("the image uses a palette but has no PLTE chunk before its IDAT");
        }
    }

    private void ReadPalette(ReadOnlySpan<byte> plte)
    {
        bool valid = plte.Length > 0 && plte.Length % 3 == 0 && plte.Length <= 256 * 3;
        if (Header.ColourType == PngColourType.Palette)
        {
            if (!valid)
            {
                throw new PixelDataCorruptException($"the PLTE chunk is {plte.Length} bytes long (a multiple of 3, at most 768)");
            }

            Palette = plte.ToArray();
        }

        // For other colour types PLTE is only a quantisation suggestion, not used for decoding.
    }

    private static void RequireCrc(PngChunk chunk)
    {
        if (!chunk.CrcMatches)
        {
            throw new PixelDataCorruptException($"the '{chunk.Name}' chunk fails its CRC check");
        }
    }
}
