namespace VisionPS.Imaging.Png;

/// <summary>The seven Adam7 passes (PNG spec 8.2): which pixels each one carries.</summary>
internal static class Adam7
{
    public static readonly ScanPass[] Passes =
    [
        new(0, 0, 8, 8),
        new(4, 0, 8, 8),
        new(0, 4, 4, 8),
        new(2, 0, 4, 4),
        new(0, 2, 2, 4),
        new(1, 0, 2, 2),
        new(0, 1, 1, 2),
    ];

    /// <summary>The single pass of a non-interlaced image.</summary>
    public static readonly ScanPass[] Progressive = [new(0, 0, 1, 1)];
}

/// <summary>Pixels at x = XStart + i × XStep, y = YStart + j × YStep.</summary>
internal readonly record struct ScanPass(int XStart, int YStart, int XStep, int YStep)
{
    public int Width(int imageWidth) => imageWidth <= XStart ? 0 : ((imageWidth - XStart - 1) / XStep) + 1;

    public int Height(int imageHeight) => imageHeight <= YStart ? 0 : ((imageHeight - YStart - 1) / YStep) + 1;
}
