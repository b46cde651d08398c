using VisionPS.Imaging;

namespace VisionPS.Imaging.Tests.TestSupport;

/// <summary>Measures how close our pixels are to a reference tool's.</summary>
public static class ImageCompare
{
    /// <summary>PSNR in dB over the RGB samples (alpha ignored); +∞ when identical. Sizes must match.</summary>
    public static double Psnr(RawImage reference, PixelBuffer actual)
    {
        AssertSameSize(reference, actual);
        RawImage rgb = reference.ToRgb();
        double sum = 0;
        for (int i = 0, n = reference.Width * reference.Height; i < n; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                int d = rgb.Data[(i * 3) + c] - actual.Data[(i * actual.BytesPerPixel) + c];
                sum += d * d;
            }
        }

        double mse = sum / (reference.Width * reference.Height * 3.0);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Largest absolute difference of any sample, alpha included when both sides have it (a missing alpha counts as 255).</summary>
    public static int MaxDifference(RawImage reference, PixelBuffer actual)
    {
        AssertSameSize(reference, actual);
        int max = 0;
        for (int i = 0, n = reference.Width * reference.Height; i < n; i++)
        {
            for (int c = 0; c < 4; c++)
            {
                int expected = Sample(reference.Data, reference.Channels, i, c);
                int got = Sample(actual.Data, actual.BytesPerPixel, i, c);
                max = Math.Max(max, Math.Abs(expected - got));
            }
        }

        return max;
    }

    private static int Sample(byte[] data, int channels, int pixel, int channel) => channels switch
    {
        1 => channel == 3 ? 255 : data[pixel],
        3 => channel == 3 ? 255 : data[(pixel * 3) + channel],
        _ => data[(pixel * channels) + channel],
    };

    private static void AssertSameSize(RawImage reference, PixelBuffer actual)
    {
        if (reference.Width != actual.Width || reference.Height != actual.Height)
        {
            throw new Xunit.Sdk.XunitException($"Size differs: reference {reference.Width}x{reference.Height}, ours {actual.Width}x{actual.Height}.");
        }
    }
}
