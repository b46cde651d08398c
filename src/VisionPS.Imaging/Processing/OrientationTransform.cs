using System.Runtime.InteropServices;

namespace VisionPS.Imaging.Processing;

/// <summary>Applies EXIF orientation 1..8 (flips and quarter turns) so the result is upright.</summary>
/// <remarks>
/// The EXIF value says where the stored rows and columns belong (CIPA DC-008, tag 0x0112); the operation that makes the
/// image upright is the same one ImageMagick's <c>-auto-orient</c> applies:
/// 2 mirror left-right (<c>-flop</c>), 3 rotate 180°, 4 mirror top-bottom (<c>-flip</c>), 5 transpose,
/// 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise.
/// </remarks>
internal static class OrientationTransform
{
    public static PixelBuffer Apply(PixelBuffer source, int orientation)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(orientation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orientation, 8);
        if (orientation == 1)
        {
            return source;
        }

        int width = source.Width, height = source.Height;
        bool swapsAxes = orientation >= 5;
        var result = swapsAxes
            ? new PixelBuffer(height, width, source.Layout)
            : new PixelBuffer(width, height, source.Layout);
        if (source.Layout == PixelLayout.Rgba32)
        {
            Remap<uint>(source, result, orientation);
        }
        else
        {
            Remap<Rgb>(source, result, orientation);
        }

        return result;
    }

    /// <summary>
    /// Walks the destination in row order and reads each pixel from the stored position it comes from: destination
    /// (x, y) reads source (sx0 + x·dxX + y·dxY, sy0 + x·dyX + y·dyY).
    /// </summary>
    private static void Remap<TPixel>(PixelBuffer source, PixelBuffer destination, int orientation)
        where TPixel : unmanaged
    {
        int w = source.Width - 1, h = source.Height - 1;
        (int sx0, int sy0, int dxX, int dyX, int dxY, int dyY) = orientation switch
        {
            2 => (w, 0, -1, 0, 0, 1),
            3 => (w, h, -1, 0, 0, -1),
            4 => (0, h, 1, 0, 0, -1),
            5 => (0, 0, 0, 1, 1, 0),
            6 => (0, h, 0, -1, 1, 0),
            7 => (w, h, 0, -1, -1, 0),
            _ => (w, 0, 0, 1, -1, 0),
        };

        ReadOnlySpan<TPixel> from = MemoryMarshal.Cast<byte, TPixel>(source.Data.AsSpan());
        Span<TPixel> to = MemoryMarshal.Cast<byte, TPixel>(destination.Data.AsSpan());
        int sourceWidth = source.Width;
        int stepAlongRow = (dyX * sourceWidth) + dxX;
        int stepDownRows = (dyY * sourceWidth) + dxY;
        int rowStart = (sy0 * sourceWidth) + sx0;
        int index = 0;
        for (int y = 0; y < destination.Height; y++, rowStart += stepDownRows)
        {
            int position = rowStart;
            for (int x = 0; x < destination.Width; x++, position += stepAlongRow)
            {
                to[index++] = from[position];
            }
        }
    }

    /// <summary>Three bytes moved as one value.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private readonly struct Rgb
    {
        private readonly byte red;
        private readonly byte green;
        private readonly byte blue;
    }
}
