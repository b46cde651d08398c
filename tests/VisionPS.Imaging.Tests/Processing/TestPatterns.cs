using VisionPS.Imaging;

namespace VisionPS.Imaging.Tests.Processing;

/// <summary>Synthetic pixel buffers, reproducible from a seed.</summary>
internal static class TestPatterns
{
    public static PixelBuffer Noise(int width, int height, PixelLayout layout, int seed)
    {
        var buffer = new PixelBuffer(width, height, layout);
        new Random(seed).NextBytes(buffer.Data);
        return buffer;
    }

    public static PixelBuffer Constant(int width, int height, params byte[] pixel)
    {
        var layout = pixel.Length == 4 ? PixelLayout.Rgba32 : PixelLayout.Rgb24;
        var buffer = new PixelBuffer(width, height, layout);
        for (int i = 0; i < buffer.Data.Length; i++)
        {
            buffer.Data[i] = pixel[i % pixel.Length];
        }

        return buffer;
    }

    /// <summary>
    /// A photo-like test card: smooth gradients, a sharp-edged disc, fine stripes that alias if not filtered, and some
    /// noise, so both the kernel shape and the antialiasing show in a comparison.
    /// </summary>
    public static PixelBuffer TestCard(int width, int height, int seed)
    {
        var random = new Random(seed);
        var buffer = new PixelBuffer(width, height, PixelLayout.Rgb24);
        double cx = width * 0.6, cy = height * 0.4, r = Math.Min(width, height) * 0.25;
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = buffer.GetRow(y);
            for (int x = 0; x < width; x++)
            {
                double red = 255.0 * x / width, green = 255.0 * y / height, blue = 128 + (60 * Math.Sin((x + y) * 0.05));
                if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < r * r)
                {
                    (red, green, blue) = (230, 40, 30);
                }
                else if (x < width / 4 && (x / 2 % 2) == 0)
                {
                    (red, green, blue) = (20, 20, 20);
                }

                int jitter = random.Next(-6, 7);
                row[(x * 3) + 0] = (byte)Math.Clamp(red + jitter, 0, 255);
                row[(x * 3) + 1] = (byte)Math.Clamp(green + jitter, 0, 255);
                row[(x * 3) + 2] = (byte)Math.Clamp(blue + jitter, 0, 255);
            }
        }

        return buffer;
    }
}
