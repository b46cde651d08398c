namespace VisionPS.Core.Imaging.Processing;

/// <summary>Separable resampling with an antialiasing kernel whose support widens with the downscale factor.</summary>
internal static class Resampler
{
    public static PixelBuffer Resize(PixelBuffer source, int width, int height) => throw new NotImplementedException();
}
