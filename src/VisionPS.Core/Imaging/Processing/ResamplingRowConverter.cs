using System.Runtime.Intrinsics;

namespace VisionPS.Core.Imaging.Processing;

/// <summary>
/// Converts rows between 8-bit pixels and the resampler's working form: one four-float vector per pixel
/// (R, G, B, A; A is 0 for RGB), colour premultiplied by alpha when the image has transparency.
/// </summary>
internal static class ResamplingRowConverter
{
    private const float InverseMax = 1f / 255f;

    public static void Load(ReadOnlySpan<byte> row, PixelLayout layout, bool premultiply, Span<Vector128<float>> pixels)
    {
        if (layout == PixelLayout.Rgb24)
        {
            for (int x = 0, i = 0; x < pixels.Length; x++, i += 3)
            {
                pixels[x] = Vector128.Create(row[i], row[i + 1], row[i + 2], 0f);
            }
        }
        else if (!premultiply)
        {
            for (int x = 0, i = 0; x < pixels.Length; x++, i += 4)
            {
                pixels[x] = Vector128.Create(row[i], row[i + 1], row[i + 2], (float)row[i + 3]);
            }
        }
        else
        {
            for (int x = 0, i = 0; x < pixels.Length; x++, i += 4)
            {
                float alpha = row[i + 3];
                float opacity = alpha == 255 ? 1f : alpha * InverseMax;
                pixels[x] = Vector128.Create(row[i] * opacity, row[i + 1] * opacity, row[i + 2] * opacity, alpha);
            }
        }
    }

    public static void Store(ReadOnlySpan<Vector128<float>> pixels, PixelLayout layout, bool premultiplied, Span<byte> row)
    {
        Vector128<float> half = Vector128.Create(0.5f);
        Vector128<float> max = Vector128.Create(255f);
        if (layout == PixelLayout.Rgb24)
        {
            for (int x = 0, i = 0; x < pixels.Length; x++, i += 3)
            {
                Vector128<int> v = RoundToByteRange(pixels[x], half, max);
                row[i] = (byte)v.GetElement(0);
                row[i + 1] = (byte)v.GetElement(1);
                row[i + 2] = (byte)v.GetElement(2);
            }

            return;
        }

        for (int x = 0, i = 0; x < pixels.Length; x++, i += 4)
        {
            Vector128<float> pixel = pixels[x];
            if (premultiplied)
            {
                float alpha = pixel.GetElement(3);
                // Below 1/1000 the colour is meaningless (alpha rounds to 0) and 255 / alpha could overflow.
                float factor = alpha > 1e-3f ? 255f / alpha : 0f;
                pixel = (pixel * factor).WithElement(3, alpha);
            }

            Vector128<int> v = RoundToByteRange(pixel, half, max);
            row[i] = (byte)v.GetElement(0);
            row[i + 1] = (byte)v.GetElement(1);
            row[i + 2] = (byte)v.GetElement(2);
            row[i + 3] = (byte)v.GetElement(3);
        }
    }

    /// <summary>Round half up, clamped to 0..255 (the clamp comes first, so the truncating conversion rounds correctly).</summary>
    private static Vector128<int> RoundToByteRange(Vector128<float> value, Vector128<float> half, Vector128<float> max) =>
        Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(value + half, Vector128<float>.Zero), max));
}
