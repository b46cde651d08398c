using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
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

    /// <summary>
    /// Every frame of an animated GIF as ImageSharp composites it (disposal applied, full canvas), each with how long it
    /// shows; <paramref name="keep"/> picks the frames to convert from their display times, the rest are not copied.
    /// </summary>
    public static IReadOnlyList<(PixelBuffer Pixels, int Index, TimeSpan Start)> GifFrames(ReadOnlySpan<byte> data, Func<IReadOnlyList<TimeSpan>, TimeSpan, IReadOnlyList<int>> keep)
    {
        try
        {
            using Image<Rgba32> image = Image.Load<Rgba32>(Animations, data, new GifDecoder { DecodingMode = FrameDecodingMode.All, IgnoreMetadata = false });
            var starts = new List<TimeSpan>(image.Frames.Count);
            var at = TimeSpan.Zero;
            foreach (ImageFrame<Rgba32> frame in image.Frames)
            {
                starts.Add(at);

                // Browsers show a delay of 0 or 1 (hundredths) as 10: so do we.
                int delay = frame.Metadata.GetGifMetadata().FrameDelay;
                at += TimeSpan.FromMilliseconds((delay <= 1 ? 10 : delay) * 10);
            }

            var frames = new List<(PixelBuffer, int, TimeSpan)>();
            foreach (int index in keep(starts, at))
            {
                using Image<Rgba32> one = image.Frames.CloneFrame(index);
                frames.Add((ToPixelBuffer(one), index, starts[index]));
            }

            return frames;
        }
        catch (InvalidMemoryOperationException tooLarge)
        {
            throw new PixelDataCorruptException($"decoding it would need more memory than VisionPS allows ({tooLarge.Message})");
        }
        catch (Exception failure) when (failure is not (OutOfMemoryException or ImageFormatException))
        {
            throw new PixelDataCorruptException(failure.Message);
        }
    }

    // Animated GIF frames only (our own decoder gives the first frame of any GIF).
    private static readonly Configuration Animations = new(new GifConfigurationModule())
    {
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = AllocationLimitMegabytes,
            MaximumPoolSizeMegabytes = PoolMegabytes,
        }),
    };

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
