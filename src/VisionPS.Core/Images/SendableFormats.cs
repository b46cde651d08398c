using VisionPS.Imaging;

namespace VisionPS.Core.Images;

/// <summary>What OpenAI-compatible vision APIs accept: PNG, JPEG, WebP and non-animated GIF.</summary>
public static class SendableFormats
{
    /// <param name="info">The image.</param>
    /// <param name="source">Its name for the message.</param>
    /// <param name="canConvert">True when VisionPS may re-encode the image (BMP and TIFF are then converted to PNG or JPEG, and
    /// an animated GIF or PNG sends its first frame).</param>
    public static void EnsureSendable(ImageInfo info, string source, bool canConvert = false)
    {
        string? why = info.Format switch
        {
            ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.WebP when !info.IsAnimated => null,
            ImageFormat.Gif when !info.IsAnimated => null,
            ImageFormat.WebP => $"'{source}' is an animated WebP ({info.FrameCount} frames); vision APIs take still images only. Add -AllFrames (or -MaxFrames/-FramesPerSecond) to send its frames, or save one frame as PNG or JPEG, e.g. magick '{source}[0]' frame.png.",

            // First frame, sent with a warning (ImagePreparer); -NoResize forbids that conversion.
            ImageFormat.Gif or ImageFormat.Png when canConvert => null,
            ImageFormat.Gif => $"'{source}' is an animated GIF ({info.FrameCount} frames); vision APIs take still images only, and -NoResize forbids sending its first frame. Leave out -NoResize, or extract one frame as PNG, e.g. magick '{source}[0]' frame.png.",
            ImageFormat.Png => $"'{source}' is an animated PNG; vision APIs take still images only, and -NoResize forbids sending its first frame. Leave out -NoResize, or save one frame as a plain PNG.",
            ImageFormat.Bmp or ImageFormat.Tiff or ImageFormat.Heic or ImageFormat.Avif when canConvert => null,
            ImageFormat.Heic or ImageFormat.Avif => $"'{source}' is a {info.Format.GetDisplayName()} photo, which vision APIs do not accept, and -NoResize forbids converting it. Leave out -NoResize (it is then decoded and sent as JPEG), or export it as JPEG first.",
            ImageFormat.Bmp or ImageFormat.Tiff => $"'{source}' is a {info.Format.GetDisplayName()} image, which vision APIs do not accept, and -NoResize forbids converting it. Leave out -NoResize, or convert it to PNG, e.g. magick '{source}' image.png.",
            _ => $"'{source}' is a {info.Format} image, which vision APIs do not accept. Convert it to JPEG or PNG first.",
        };

        if (why is not null)
        {
            throw new ImageNotSendableException(info.Format, source, why);
        }
    }
}
