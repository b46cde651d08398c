namespace VisionPS.Imaging.Bmp;

/// <summary>The biCompression values.</summary>
internal enum BmpCompression : uint
{
    Rgb = 0,
    Rle8 = 1,
    Rle4 = 2,
    BitFields = 3,
    Jpeg = 4,
    Png = 5,
    AlphaBitFields = 6,
}
