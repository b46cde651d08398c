using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Processing;

/// <summary>
/// Converts rows between 8-bit pixels and the resampler's working form: one four-float vector per pixel
/// (R, G, B, A; A is 0 for RGB), colour premultiplied by alpha when the image has transparency.
/// </summary>
internal static class ResamplingRowConverter
{
    public static void Load(ReadOnlySpan<byte> row, PixelLayout layout, bool premultiply, Span<Vector128<float>> pixels)
    {
        int bytesPerPixel = (int)layout;
        int x = Vector128.IsHardwareAccelerated ? LoadFourAtATime(row, layout, premultiply, pixels) : 0;
        for (int i = x * bytesPerPixel; x < pixels.Length; x++, i += bytesPerPixel)
        {
            pixels[x] = layout == PixelLayout.Rgb24
                ? Vector128.Create(row[i], row[i + 1], row[i + 2], 0f)
                : Vector128.Create(row[i], row[i + 1], row[i + 2], (float)row[i + 3]);
            if (premultiply)
            {
                pixels[x] = Premultiply(pixels[x]);
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

    /// <summary>Converts whole groups of four pixels while 16 bytes can be read; returns how many pixels it converted.</summary>
    private static int LoadFourAtATime(ReadOnlySpan<byte> row, PixelLayout layout, bool premultiply, Span<Vector128<float>> pixels)
    {
        // RGB: spread 12 bytes into 16, a zero byte after each pixel (indices past 15 give zero).
        Vector128<byte> spread = Vector128.Create((byte)0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11, 0x80);
        int bytesPerPixel = (int)layout;
        int x = 0;
        for (int i = 0; i + Vector128<byte>.Count <= row.Length && x + 4 <= pixels.Length; x += 4, i += 4 * bytesPerPixel)
        {
            Vector128<byte> bytes = Vector128.Create(row.Slice(i, Vector128<byte>.Count));
            if (layout == PixelLayout.Rgb24)
            {
                bytes = Vector128.Shuffle(bytes, spread);
            }

            // WidenLower/WidenUpper rather than Widen: Widen returns a tuple of vectors, a call crossgen2 cannot
            // precompile (ReadyToRun), which left this loop to the JIT's slow first tier in a fresh session.
            Vector128<ushort> low = Vector128.WidenLower(bytes), high = Vector128.WidenUpper(bytes);
            Vector128<uint> first = Vector128.WidenLower(low), second = Vector128.WidenUpper(low);
            Vector128<uint> third = Vector128.WidenLower(high), fourth = Vector128.WidenUpper(high);
            pixels[x] = Vector128.ConvertToSingle(first.AsInt32());
            pixels[x + 1] = Vector128.ConvertToSingle(second.AsInt32());
            pixels[x + 2] = Vector128.ConvertToSingle(third.AsInt32());
            pixels[x + 3] = Vector128.ConvertToSingle(fourth.AsInt32());
            if (premultiply)
            {
                pixels[x] = Premultiply(pixels[x]);
                pixels[x + 1] = Premultiply(pixels[x + 1]);
                pixels[x + 2] = Premultiply(pixels[x + 2]);
                pixels[x + 3] = Premultiply(pixels[x + 3]);
            }
        }

        return x;
    }

    /// <summary>(r·a/255, g·a/255, b·a/255, a): exact for a = 255, so opaque pixels keep their colour.</summary>
    /// <remarks>
    /// Inlined (like every helper here that takes or returns a vector): crossgen2 will not precompile a call that passes
    /// a vector, and refuses the caller with it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Premultiply(Vector128<float> pixel)
    {
        Vector128<float> alpha = Vector128.Shuffle(pixel, Vector128.Create(3, 3, 3, 3));
        Vector128<float> factors = Vector128.ConditionalSelect(AlphaLane, Vector128.Create(255f), alpha);
        return pixel * factors / Vector128.Create(255f);
    }

    private static Vector128<float> AlphaLane => Vector128.Create(0, 0, 0, -1).AsSingle();

    /// <summary>Round half up, clamped to 0..255 (the clamp comes first, so the truncating conversion rounds correctly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> RoundToByteRange(Vector128<float> value, Vector128<float> half, Vector128<float> max) =>
        Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(value + half, Vector128<float>.Zero), max));
}
