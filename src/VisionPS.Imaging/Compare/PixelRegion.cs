namespace VisionPS.Imaging.Compare;

/// <summary>A rectangle that changed, in pixels of the reference image (upright): left, top, width, height.</summary>
public sealed record PixelRegion(int X, int Y, int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}+{X}+{Y}";
}
