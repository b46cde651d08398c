using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace VisionPS.Imaging.Library;

/// <summary>
/// The long tail through SixLabors.ImageSharp 2.1.13: still WebP and TIFF (one page). Our header readers have sized
/// the file and the pixel limit has been applied before this runs; ImageSharp's own allocator is capped besides, and
/// its configuration knows only these two formats, so bytes we call WebP or TIFF are never decoded as anything else.
/// </summary>
internal static class ImageSharpDecoder
{
    /// <summary>The largest single allocation ImageSharp may make: an RGBA frame at the default pixel limit, plus slack.</summary>
    private const int AllocationLimitMegabytes = (int)(DecodeOptions.DefaultMaxPixels * 4 / (1024 * 1024)) + 64;

    /// <summary>What ImageSharp may keep pooled between calls in a long PowerShell session.</summary>
    private const int PoolMegabytes = 8;

    private static readonly Configuration Formats = new(new WebpConfigurationModule(), new TiffConfigurationModule())
    {
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = AllocationLimitMegabytes,
            MaximumPoolSizeMegabytes = PoolMegabytes,
        }),
    };

    /// <summary>
    /// The image (a TIFF's first page: the engine makes any other page a TIFF of its own first) as RGB, or RGBA when
    /// any pixel is not opaque.
    /// </summary>
    public static PixelBuffer Decode(ReadOnlySpan<byte> data, ImageFormat format)
    {
        try
        {
            using Image<Rgba32> image = format == ImageFormat.Tiff
                ? Image.Load<Rgba32>(Formats, data, new TiffDecoder { DecodingMode = FrameDecodingMode.First, IgnoreMetadata = true })
                : Image.Load<Rgba32>(Formats, data, new WebpDecoder { IgnoreMetadata = true });
            return ToPixelBuffer(image);
        }
        catch (InvalidMemoryOperationException tooLarge)
        {
            throw new PixelDataCorruptException($"decoding it would need more memory than VisionPS allows ({tooLarge.Message})");
        }
        catch (NotSupportedException unsupported)
        {
            throw new UnsupportedFeatureSignal($"a feature ImageSharp does not decode ({unsupported.Message})");
        }
        catch (Exception failure) when (failure is not (UnsupportedFeatureSignal or OutOfMemoryException))
        {
            // A third-party decoder's failure on hostile bytes, whatever its type, means this file cannot be decoded.
            throw new PixelDataCorruptException(failure.Message);
        }
    }

    private static PixelBuffer ToPixelBuffer(Image<Rgba32> image)
    {
        var rgba = new PixelBuffer(image.Width, image.Height, PixelLayout.Rgba32);
        image.CopyPixelDataTo(rgba.Data);
        return Opaque(rgba) ? DropAlpha(rgba) : rgba;
    }

    private static bool Opaque(PixelBuffer rgba)
    {
        ReadOnlySpan<byte> data = rgba.Data;
        for (int i = 3; i < data.Length; i += 4)
        {
            if (data[i] != 255)
            {
                return false;
            }
        }

        return true;
    }

    private static PixelBuffer DropAlpha(PixelBuffer rgba)
    {
        var rgb = new PixelBuffer(rgba.Width, rgba.Height, PixelLayout.Rgb24);
        ReadOnlySpan<byte> from = rgba.Data;
        Span<byte> to = rgb.Data;
        for (int i = 0, j = 0; j < to.Length; i += 4, j += 3)
        {
            to[j] = from[i];
            to[j + 1] = from[i + 1];
            to[j + 2] = from[i + 2];
        }

        return rgb;
    }
}
