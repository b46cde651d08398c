using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace VisionPS.Imaging.WebP;

/// <summary>
/// WebP to PNG for servers that refuse WebP. The size is checked from our own header reader before ImageSharp
/// decodes anything, so a crafted header cannot make it allocate past the usual pixel limit.
/// </summary>
public static class WebPToPngConverter
{
    public static byte[] Convert(byte[] webp, string? sourceName)
    {
        ImageInfo info = ImageIdentifier.Identify(webp, sourceName);
        if (info.Format != ImageFormat.WebP)
        {
            throw new UnsupportedImageFormatException(info.Format, sourceName);
        }

        if ((long)info.Width * info.Height > DecodeOptions.DefaultMaxPixels)
        {
            throw new ImageTooLargeException(ImageFormat.WebP, info.Width, info.Height, DecodeOptions.DefaultMaxPixels, sourceName);
        }

        try
        {
            using Image<Rgba32> image = Image.Load<Rgba32>(webp, new WebpDecoder());
            using var output = new MemoryStream();
            image.Save(output, new PngEncoder());
            return output.ToArray();
        }
        catch (Exception ex) when (ex is SixLabors.ImageSharp.UnknownImageFormatException or SixLabors.ImageSharp.InvalidImageContentException or SixLabors.ImageSharp.ImageFormatException or NotSupportedException)
        {
            throw new CorruptImageDataException(ImageFormat.WebP, "it could not be decoded for conversion to PNG: " + ex.Message, sourceName);
        }
    }
}
