namespace VisionPS.Imaging.Sources.Animation;

/// <summary>
/// The RGBA canvas an APNG or animated WebP is drawn on, frame by frame: a frame's pixels replace or are blended over
/// (non-premultiplied "over", as both formats specify) a rectangle, which is later kept, cleared to transparent black
/// or restored to what it held before.
/// </summary>
internal sealed class AnimationCanvas : IDisposable
{
    private readonly PixelBuffer _pixels;

    public AnimationCanvas(int width, int height)
    {
        _pixels = new PixelBuffer(width, height, PixelLayout.Rgba32);

        // Both formats start from transparent black; a new pooled buffer is uninitialised memory, not zeros (the full
        // test run failed on a frame blended over another image's leftovers).
        Clear(0, 0, width, height);
    }

    public int Width => _pixels.Width;

    public int Height => _pixels.Height;

    /// <summary>Draws <paramref name="frame"/> with its top left at (<paramref name="x"/>, <paramref name="y"/>);
    /// the caller has checked the rectangle lies inside the canvas.</summary>
    public void Draw(PixelBuffer frame, int x, int y, bool blend)
    {
        int bpp = frame.BytesPerPixel;
        for (int row = 0; row < frame.Height; row++)
        {
            ReadOnlySpan<byte> source = frame.GetRow(row);
            Span<byte> target = _pixels.GetRow(y + row).Slice(x * 4, frame.Width * 4);
            for (int column = 0; column < frame.Width; column++)
            {
                ReadOnlySpan<byte> s = source.Slice(column * bpp, bpp);
                Span<byte> d = target.Slice(column * 4, 4);
                int alpha = bpp == 4 ? s[3] : 255;
                if (!blend || alpha == 255 || d[3] == 0)
                {
                    d[0] = s[0];
                    d[1] = s[1];
                    d[2] = s[2];
                    d[3] = (byte)alpha;
                    if (blend && alpha == 0)
                    {
                        d[0] = d[1] = d[2] = 0;
                    }
                }
                else if (alpha > 0)
                {
                    int under = d[3] * (255 - alpha);
                    int outAlpha255 = (alpha * 255) + under;
                    for (int c = 0; c < 3; c++)
                    {
                        d[c] = (byte)((((s[c] * alpha * 255) + (d[c] * under)) + (outAlpha255 / 2)) / outAlpha255);
                    }

                    d[3] = (byte)((outAlpha255 + 127) / 255);
                }
            }
        }
    }

    /// <summary>Clears a rectangle to transparent black.</summary>
    public void Clear(int x, int y, int width, int height)
    {
        for (int row = 0; row < height; row++)
        {
            _pixels.GetRow(y + row).Slice(x * 4, width * 4).Clear();
        }
    }

    /// <summary>A copy of a rectangle, for <see cref="Restore"/>.</summary>
    public byte[] Save(int x, int y, int width, int height)
    {
        byte[] saved = new byte[width * height * 4];
        for (int row = 0; row < height; row++)
        {
            _pixels.GetRow(y + row).Slice(x * 4, width * 4).CopyTo(saved.AsSpan(row * width * 4));
        }

        return saved;
    }

    public void Restore(byte[] saved, int x, int y, int width, int height)
    {
        for (int row = 0; row < height; row++)
        {
            saved.AsSpan(row * width * 4, width * 4).CopyTo(_pixels.GetRow(y + row).Slice(x * 4, width * 4));
        }
    }

    /// <summary>The canvas as it is now, as a PNG.</summary>
    public byte[] EncodePng() => BuiltInImageEngine.Instance.EncodePng(_pixels);

    public void Dispose() => _pixels.Dispose();
}
