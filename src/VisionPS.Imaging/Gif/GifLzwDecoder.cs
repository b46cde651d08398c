namespace VisionPS.Imaging.Gif;

/// <summary>
/// GIF's variable-length LZW (GIF89a spec appendix F): codes packed LSB first, starting at minimum code size + 1 bits and
/// growing to 12; a clear code resets the table; once the table holds 4096 entries it stops growing until the encoder
/// sends a clear ("deferred clear"). Each code adds exactly one entry, so every loop step consumes input.
/// </summary>
internal sealed class GifLzwDecoder
{
    private const int MaxCodes = 4096;
    private const int MaxCodeBits = 12;

    private readonly short[] prefix = new short[MaxCodes];
    private readonly byte[] suffix = new byte[MaxCodes];
    private readonly byte[] stack = new byte[MaxCodes + 1];

    /// <summary>Decodes <paramref name="data"/> until <paramref name="output"/> is full; fewer pixels than that is corrupt.</summary>
    /// <param name="minimumCodeSize">The byte before the image data, 1 to 8.</param>
    /// <param name="data">The image data sub-blocks, concatenated.</param>
    /// <param name="output">One colour index per frame pixel, in stored (possibly interlaced) row order.</param>
    public void Decode(int minimumCodeSize, ReadOnlySpan<byte> data, Span<byte> output)
    {
        int clear = 1 << minimumCodeSize;
        int endOfInformation = clear + 1;
        for (int i = 0; i < clear; i++)
        {
            prefix[i] = -1;
            suffix[i] = (byte)i;
        }

        int codeSize = minimumCodeSize + 1;
        int next = clear + 2;
        int previous = -1;
        byte previousFirst = 0;
        int written = 0;
        int bitBuffer = 0;
        int bitCount = 0;
        int position = 0;

        while (written < output.Length)
        {
            while (bitCount < codeSize)
            {
                if (position == data.Length)
                {
                    throw new PixelDataCorruptException($"the LZW data ends after {written} of {output.Length} pixels");
                }

                bitBuffer |= data[position++] << bitCount;
                bitCount += 8;
            }

            int code = bitBuffer & ((1 << codeSize) - 1);
            bitBuffer >>= codeSize;
            bitCount -= codeSize;

            if (code == clear)
            {
                codeSize = minimumCodeSize + 1;
                next = clear + 2;
                previous = -1;
                continue;
            }

            if (code == endOfInformation)
            {
                throw new PixelDataCorruptException($"the LZW data ends (end code) after {written} of {output.Length} pixels");
            }

            if (previous < 0)
            {
                if (code >= clear)
                {
                    throw new PixelDataCorruptException($"the LZW code {code} follows a clear code (only a literal below {clear} may)");
                }

                output[written++] = (byte)code;
                previous = code;
                previousFirst = (byte)code;
                continue;
            }

            if (code > next)
            {
                throw new PixelDataCorruptException($"the LZW code {code} is beyond the {next} codes defined so far");
            }

            // The string for code, written backwards; code == next is the KwKwK case: previous string + its first byte.
            int top = 0;
            int walk = code;
            if (code == next)
            {
                stack[top++] = previousFirst;
                walk = previous;
            }

            while (walk >= clear)
            {
                stack[top++] = suffix[walk];
                walk = prefix[walk];
            }

            stack[top++] = (byte)walk;
            byte first = (byte)walk;
            while (top > 0 && written < output.Length)
            {
                output[written++] = stack[--top];
            }

            if (next < MaxCodes)
            {
                prefix[next] = (short)previous;
                suffix[next] = first;
                next++;
                if (next == 1 << codeSize && codeSize < MaxCodeBits)
                {
                    codeSize++;
                }
            }

            previous = code;
            previousFirst = first;
        }
    }
}
