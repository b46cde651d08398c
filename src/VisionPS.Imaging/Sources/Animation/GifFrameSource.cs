using VisionPS.Imaging.Library;

namespace VisionPS.Imaging.Sources.Animation;

/// <summary>
/// An animated GIF as frames, without ffmpeg, when the user asks for frames (-AllFrames, -FramesPerSecond or
/// -MaxFrames): ImageSharp composites each frame (disposal applied), frames are picked by their display times the way
/// video frames are (-MaxFrames spread evenly, or one every 1/-FramesPerSecond seconds), and each is sent as a PNG
/// labelled "frame 3 of 20 at 00:00:01.200". Without that request a GIF sends its first frame, as before.
/// </summary>
public sealed class GifFrameSource : IImageSource
{
    public static GifFrameSource Instance { get; } = new();

    public string Name => "animated GIF";

    public bool ReadsFromPath => false;

    public bool Recognises(ReadOnlySpan<byte> header, SourceOptions options) =>
        options.AnimationFrames && (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8));

    public IReadOnlyList<SourceImage> Read(SourceInput input, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ImageInfo info = BuiltInImageEngine.Instance.Identify(input.Data.Span, input.Name);
        long total = (long)info.Width * info.Height * Math.Max(1, info.FrameCount);
        if (total > options.MaxPixels)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentImageTooLarge,
                $"'{input.Name}' has {info.FrameCount} frames of {info.Width}x{info.Height} pixels ({total / 1_000_000.0:0.#} megapixels in all), more than the {options.MaxPixels / 1_000_000.0:0.#} megapixels VisionPS decodes at once. Leave out -AllFrames to send its first frame, or cut it first, e.g. magick '{input.Name}[0-9]' short.gif.",
                input.Name);
        }

        int count = 0;
        IReadOnlyList<(PixelBuffer Pixels, int Index, TimeSpan Start)> frames;
        try
        {
            frames = ImageSharpDecoder.GifFrames(input.Data.Span, (starts, duration) =>
            {
                count = starts.Count;
                return Pick(starts, duration, options);
            });
        }
        catch (PixelDataCorruptException corrupt)
        {
            throw new CorruptImageDataException(ImageFormat.Gif, corrupt.Message, input.Name);
        }

        var images = new List<SourceImage>(frames.Count);
        try
        {
            foreach ((PixelBuffer pixels, int index, TimeSpan start) in frames)
            {
                byte[] png = BuiltInImageEngine.Instance.EncodePng(pixels);
                images.Add(new SourceImage(png, SourceImageKind.Frame, index + 1, count, $"frame {index + 1} of {count} at {SourceImage.FormatTime(start)}", Time: start));
            }
        }
        finally
        {
            foreach ((PixelBuffer pixels, _, _) in frames)
            {
                pixels.Dispose();
            }
        }

        return images;
    }

    /// <summary>The frames shown at the times a video would be sampled at (each frame once, in order).</summary>
    public static IReadOnlyList<int> Pick(IReadOnlyList<TimeSpan> starts, TimeSpan duration, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.FramesPerSecond.HasValue && options.MaxFrames >= starts.Count)
        {
            return Enumerable.Range(0, starts.Count).ToArray();
        }

        var picked = new List<int>();
        foreach (TimeSpan time in Video.VideoFrameSource.FrameTimes(duration, options))
        {
            int index = 0;
            while (index + 1 < starts.Count && starts[index + 1] <= time)
            {
                index++;
            }

            if (picked.Count == 0 || picked[^1] != index)
            {
                picked.Add(index);
            }
        }

        return picked;
    }
}
