namespace VisionPS.Imaging;

/// <summary>How the bytes of one pixel are laid out in a <see cref="PixelBuffer"/>; the value is the number of bytes per pixel.</summary>
public enum PixelLayout
{
    /// <summary>Three bytes per pixel: red, green, blue (sRGB, 8 bits each).</summary>
    Rgb24 = 3,

    /// <summary>Four bytes per pixel: red, green, blue, alpha; colour is not premultiplied.</summary>
    Rgba32 = 4,
}
