namespace VisionPS.Imaging.Processing;

/// <summary>Copies a rectangle out of a buffer, row by row, into a pooled buffer of its own.</summary>
internal static class PixelCropper
{
    public static PixelBuffer Crop(PixelBuffer source, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (x < 0 || y < 0 || width < 1 || height < 1 || (long)x + width > source.Width || (long)y + height > source.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(source), $"The rectangle {width}x{height} at ({x}, {y}) does not lie inside the {source.Width}x{source.Height} image.");
        }

        var result = new PixelBuffer(width, height, source.Layout);
        int bytesPerPixel = source.BytesPerPixel;
        for (int row = 0; row < height; row++)
        {
            source.GetRow(y + row).Slice(x * bytesPerPixel, width * bytesPerPixel).CopyTo(result.GetRow(row));
        }

        return result;
    }
}
