using VisionPS.Imaging.Memory;

namespace VisionPS.Imaging;

/// <summary>Decoded pixels: 8-bit samples, interleaved, rows top to bottom with no padding between them.</summary>
/// <remarks>
/// A buffer the engine makes comes from a pool; <see cref="Dispose"/> gives its array back (zeroed) for the next image.
/// Dispose only a buffer nothing reads any more; one never disposed is simply collected.
/// </remarks>
public sealed class PixelBuffer : IDisposable
{
    private bool _pooled;

    /// <summary>A buffer from the pool, contents unspecified; callers write every byte.</summary>
    public PixelBuffer(int width, int height, PixelLayout layout)
        : this(width, height, layout, PixelArrayPool.Rent(checked(width * height * (int)layout)))
    {
        _pooled = true;
        DecodeScope.Register(this);
    }

    /// <summary>Wraps <paramref name="data"/>, which must hold exactly <c>width * height * bytes-per-pixel</c> bytes.</summary>
    public PixelBuffer(int width, int height, PixelLayout layout, byte[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(data);
        if (layout is not (PixelLayout.Rgb24 or PixelLayout.Rgba32))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "Only Rgb24 and Rgba32 are supported.");
        }

        if (data.Length != (long)width * height * (int)layout)
        {
            throw new ArgumentException($"Expected {(long)width * height * (int)layout} bytes for {width}x{height} {layout}, got {data.Length}.", nameof(data));
        }

        Width = width;
        Height = height;
        Layout = layout;
        Data = data;
    }

    public int Width { get; }

    public int Height { get; }

    public PixelLayout Layout { get; }

    /// <summary>Bytes per pixel: 3 or 4.</summary>
    public int BytesPerPixel => (int)Layout;

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * (int)Layout;

    /// <summary>All rows, top to bottom.</summary>
    public byte[] Data { get; }

    public bool HasAlpha => Layout == PixelLayout.Rgba32;

    /// <summary>True when some pixel is not fully opaque (an RGBA buffer may well be opaque throughout).</summary>
    public bool HasTransparentPixels()
    {
        if (!HasAlpha)
        {
            return false;
        }

        ReadOnlySpan<byte> data = Data;
        for (int i = 3; i < data.Length; i += 4)
        {
            if (data[i] != 255)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Row <paramref name="y"/> (0 = top).</summary>
    public Span<byte> GetRow(int y) => Data.AsSpan(y * Stride, Stride);

    /// <summary>Gives a pooled array back; a buffer made around a caller's array is left alone.</summary>
    public void Dispose()
    {
        if (_pooled)
        {
            _pooled = false;
            PixelArrayPool.Return(Data);
        }
    }
}
