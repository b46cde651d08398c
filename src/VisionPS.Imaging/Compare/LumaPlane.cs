namespace VisionPS.Imaging.Compare;

/// <summary>
/// Luma (BT.601: 0.299 R + 0.587 G + 0.114 B, 0..255) of an RGB buffer, unrounded, one value per pixel, rows top to
/// bottom. RGBA is read as its colour channels; callers flatten alpha first when transparency matters.
/// </summary>
public sealed class LumaPlane
{
    private LumaPlane(int width, int height, double[] values)
    {
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }

    public int Height { get; }

    public double[] Values { get; }

    public double this[int x, int y] => Values[(y * Width) + x];

    public static LumaPlane From(PixelBuffer pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var values = new double[pixels.Width * pixels.Height];
        int bpp = pixels.BytesPerPixel;
        for (int y = 0; y < pixels.Height; y++)
        {
            ReadOnlySpan<byte> row = pixels.GetRow(y);
            int o = y * pixels.Width;
            for (int x = 0; x < pixels.Width; x++)
            {
                int i = x * bpp;
                values[o + x] = (0.299 * row[i]) + (0.587 * row[i + 1]) + (0.114 * row[i + 2]);
            }
        }

        return new LumaPlane(pixels.Width, pixels.Height, values);
    }
}
