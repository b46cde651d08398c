namespace VisionPS;

/// <summary>A rectangle that changed, in pixels of the reference image (upright): left, top, width, height.</summary>
public sealed record ChangeRegion(int X, int Y, int Width, int Height)
{
    /// <summary>ImageMagick's geometry form, WxH+X+Y (what -crop takes).</summary>
    public override string ToString() => $"{Width}x{Height}+{X}+{Y}";
}
