namespace VisionPS.Core.Imaging.Processing;

/// <summary>Applies EXIF orientation 1..8 (flips and quarter turns).</summary>
internal static class OrientationTransform
{
    public static PixelBuffer Apply(PixelBuffer source, int orientation) => throw new NotImplementedException();
}
