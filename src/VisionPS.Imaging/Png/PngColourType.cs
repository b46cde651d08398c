namespace VisionPS.Imaging.Png;

/// <summary>IHDR colour types (PNG spec 11.2.2).</summary>
internal enum PngColourType : byte
{
    Gray = 0,
    Rgb = 2,
    Palette = 3,
    GrayAlpha = 4,
    Rgba = 6,
}
