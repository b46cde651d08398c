namespace VisionPS.Core.Imaging.Processing;

/// <summary>Composites RGBA onto an opaque colour.</summary>
internal static class AlphaFlattener
{
    public static PixelBuffer Flatten(PixelBuffer source, byte red, byte green, byte blue) => throw new NotImplementedException();
}
