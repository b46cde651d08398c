using VisionPS.Imaging;

namespace VisionPS.Core.Images;

/// <summary>The one imaging engine Core talks to; everything in Core reaches the imaging layer through it.</summary>
/// <remarks>The built-in codecs, with HEIC/AVIF decoded by a program on PATH where there is one.</remarks>
public static class DefaultImageEngine
{
    public static IImageEngine Instance { get; } = new VisionPS.Imaging.External.ExternalDecoderEngine(BuiltInImageEngine.Instance);
}
