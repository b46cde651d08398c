using VisionPS.Imaging;

namespace VisionPS.Core.Images;

/// <summary>A readable image that vision APIs do not take as it is (BMP, animated GIF/PNG/WebP).</summary>
public sealed class ImageNotSendableException : ImageFormatException
{
    public ImageNotSendableException(ImageFormat format, string source, string message)
        : base(message, source, format, null)
    {
    }
}
