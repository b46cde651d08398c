using System.Text;
using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.EncodingTests;

/// <summary>Source pixels for the encoder tests, and the bridges to the reference tools (PPM in, cjpeg out).</summary>
internal static class EncoderTestImages
{
    public static string[] SamplePhotos() =>
        [.. Directory.GetFiles(SharedPaths.Samples, "*.jpg").Order(StringComparer.Ordinal)];

    /// <summary>djpeg's decode of a sample photo: the pixels both encoders are fed.</summary>
    public static PixelBuffer Photo(string path) => ToPixels(ReferenceTools.Djpeg(path));

    public static PixelBuffer ToPixels(RawImage image)
    {
        RawImage rgb = image.ToRgb();
        return new PixelBuffer(rgb.Width, rgb.Height, PixelLayout.Rgb24, rgb.Data);
    }

    /// <summary>Smooth diagonal colour ramps with a soft circle: easy for DCT coding, sensitive to colour-conversion errors.</summary>
    public static PixelBuffer Gradient(int width, int height, PixelLayout layout = PixelLayout.Rgb24)
    {
        var image = new PixelBuffer(width, height, layout);
        int bpp = image.BytesPerPixel;
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = image.GetRow(y);
            for (int x = 0; x < width; x++)
            {
                double fx = width == 1 ? 0 : x / (double)(width - 1);
                double fy = height == 1 ? 0 : y / (double)(height - 1);
                double d = Math.Sqrt(((fx - 0.5) * (fx - 0.5)) + ((fy - 0.5) * (fy - 0.5)));
                row[(x * bpp) + 0] = (byte)(255 * fx);
                row[(x * bpp) + 1] = (byte)(255 * fy);
                row[(x * bpp) + 2] = (byte)(d < 0.3 ? 230 : 255 * (1 - fx) * (1 - fy));
                if (bpp == 4)
                {
                    row[(x * bpp) + 3] = (byte)(x * 7);
                }
            }
        }

        return image;
    }

    /// <summary>Uniform random samples (alpha included): worst case for every coder.</summary>
    public static PixelBuffer Noise(int width, int height, PixelLayout layout, int seed)
    {
        var image = new PixelBuffer(width, height, layout);
        new Random(seed).NextBytes(image.Data);
        return image;
    }

    /// <summary>Hard-edged shapes and text-like stripes, for ringing around sharp edges.</summary>
    public static PixelBuffer Shapes(int width, int height)
    {
        var image = new PixelBuffer(width, height, PixelLayout.Rgb24);
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = image.GetRow(y);
            for (int x = 0; x < width; x++)
            {
                bool stripe = ((x / 3) + (y / 5)) % 4 == 0;
                bool box = x > width / 4 && x < width * 3 / 4 && y > height / 3 && y < height * 2 / 3;
                row[x * 3] = (byte)(box ? 200 : stripe ? 20 : 240);
                row[(x * 3) + 1] = (byte)(box ? 30 : stripe ? 20 : 240);
                row[(x * 3) + 2] = (byte)(box ? 40 : stripe ? 120 : 230);
            }
        }

        return image;
    }

    /// <summary>Binary PPM (P6) of the RGB channels.</summary>
    public static byte[] Ppm(PixelBuffer image)
    {
        byte[] header = System.Text.Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n");
        var ppm = new byte[header.Length + (image.Width * image.Height * 3)];
        header.CopyTo(ppm, 0);
        int o = header.Length;
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            ppm[o++] = image.Data[i * image.BytesPerPixel];
            ppm[o++] = image.Data[(i * image.BytesPerPixel) + 1];
            ppm[o++] = image.Data[(i * image.BytesPerPixel) + 2];
        }

        return ppm;
    }

    /// <summary>
    /// libjpeg-turbo's 4:2:0 encode of the same pixels at the same quality. Below about quality 25 cjpeg writes 16-bit
    /// tables (not baseline) unless given <c>-baseline</c>, which clamps the steps to 255 as our encoder does.
    /// </summary>
    public static byte[] Cjpeg(PixelBuffer image, int quality, bool forceBaseline = false) =>
        ReferenceTools.Run(
            "cjpeg",
            ["-quality", quality.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sample", "2x2", .. forceBaseline ? new[] { "-baseline" } : []],
            Ppm(image));

    /// <summary>The marker segments before the entropy-coded data: (marker, whole segment including FF xx and length).</summary>
    public static List<(byte Marker, byte[] Segment)> HeaderSegments(byte[] jpeg)
    {
        var segments = new List<(byte, byte[])> { (0xD8, jpeg[..2]) };
        int pos = 2;
        while (true)
        {
            Assert.Equal(0xFF, jpeg[pos]);
            byte marker = jpeg[pos + 1];
            int length = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
            segments.Add((marker, jpeg[pos..(pos + 2 + length)]));
            pos += 2 + length;
            if (marker == 0xDA)
            {
                return segments;
            }
        }
    }

    public static string Describe(PixelBuffer image) => new StringBuilder().Append(image.Width).Append('x').Append(image.Height).ToString();
}
