using VisionPS.Imaging;

namespace VisionPS.Core.Images;

/// <summary>The one imaging engine Core talks to; everything in Core reaches the imaging layer through it.</summary>
public static class DefaultImageEngine
{
    public static IImageEngine Instance { get; } = BuiltInImageEngine.Instance;
}
