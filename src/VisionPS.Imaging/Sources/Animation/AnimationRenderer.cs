namespace VisionPS.Imaging.Sources.Animation;

/// <summary>
/// Draws the frames of an APNG or animated WebP on one canvas in order, and keeps the picked ones (by their display
/// times, as <see cref="GifFrameSource.Pick"/> picks GIF frames) as PNGs labelled "frame 3 of 20 at 00:00:01.200".
/// </summary>
internal static class AnimationRenderer
{
    /// <summary>The most frames VisionPS walks through in one animation (each is decoded to composite the next).</summary>
    public const int MaxFrames = 4096;

    /// <summary>Refuses a canvas over the pixel limit, too many frames, or a frame rectangle outside the canvas,
    /// before anything is decoded.</summary>
    public static void Check(string format, int width, int height, IReadOnlyList<AnimationFrame> frames, SourceInput input, SourceOptions options, ImageFormat imageFormat)
    {
        if (width <= 0 || height <= 0)
        {
            throw new CorruptImageDataException(imageFormat, $"the {format} canvas is {width}x{height} pixels", input.Name);
        }

        if ((long)width * height > options.MaxPixels)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentImageTooLarge,
                $"'{input.Name}' is an {format} of {width}x{height} pixels ({(long)width * height / 1_000_000.0:0.#} megapixels), more than the {options.MaxPixels / 1_000_000.0:0.#} megapixels VisionPS decodes at once. Leave out -AllFrames to send its first frame, or scale it down first.",
                input.Name);
        }

        if (frames.Count > MaxFrames)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentTooManyPages,
                $"'{input.Name}' has {frames.Count} frames, more than the {MaxFrames} VisionPS reads from one {format}. Leave out -AllFrames to send its first frame, or cut it first.",
                input.Name);
        }

        if (frames.Count == 0)
        {
            throw new CorruptImageDataException(imageFormat, $"the {format} declares an animation but holds no frame", input.Name);
        }

        long decoded = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            AnimationFrame frame = frames[i];
            decoded += (long)Math.Max(0, frame.Width) * Math.Max(0, frame.Height);
            if (frame.Width <= 0 || frame.Height <= 0 || frame.X < 0 || frame.Y < 0
                || (long)frame.X + frame.Width > width || (long)frame.Y + frame.Height > height)
            {
                throw new CorruptImageDataException(imageFormat, $"frame {i + 1} ({frame.Width}x{frame.Height} at {frame.X},{frame.Y}) does not lie inside the {width}x{height} canvas", input.Name);
            }
        }

        // Every frame up to the last one picked is decoded to composite the next, so the frames together share the
        // limit one image has, as an animated GIF's frames do.
        if (decoded > options.MaxPixels)
        {
            throw new SourceRefusedException(
                SourceRefusal.DocumentImageTooLarge,
                $"'{input.Name}' has {frames.Count} frames of {decoded / 1_000_000.0:0.#} megapixels in all, more than the {options.MaxPixels / 1_000_000.0:0.#} megapixels VisionPS decodes at once. Leave out -AllFrames to send its first frame, or cut it first, e.g. ffmpeg -i '{input.Name}' -frames:v 10 short.{(imageFormat == ImageFormat.WebP ? "webp" : "apng")}.",
                input.Name);
        }
    }

    public static IReadOnlyList<SourceImage> Render(int width, int height, IReadOnlyList<AnimationFrame> frames, SourceInput input, SourceOptions options)
    {
        var starts = new List<TimeSpan>(frames.Count);
        TimeSpan time = TimeSpan.Zero;
        foreach (AnimationFrame frame in frames)
        {
            starts.Add(time);
            time += frame.Delay;
        }

        var picked = new HashSet<int>(GifFrameSource.Pick(starts, time, options));
        int last = picked.Max();
        var images = new List<SourceImage>(picked.Count);
        var decode = new DecodeOptions { MaxPixels = options.MaxPixels };
        using var canvas = new AnimationCanvas(width, height);
        for (int i = 0; i <= last; i++)
        {
            AnimationFrame frame = frames[i];
            byte[]? before = frame.Disposal == FrameDisposal.Previous ? canvas.Save(frame.X, frame.Y, frame.Width, frame.Height) : null;
            byte[] still = frame.Still();
            using (PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(still, decode, input.Name))
            {
                if (pixels.Width != frame.Width || pixels.Height != frame.Height)
                {
                    throw new CorruptImageDataException(ImageIdentifier.DetectFormat(still), $"frame {i + 1} decodes to {pixels.Width}x{pixels.Height} pixels, but its frame header says {frame.Width}x{frame.Height}", input.Name);
                }

                canvas.Draw(pixels, frame.X, frame.Y, frame.Blend);
            }

            if (picked.Contains(i))
            {
                images.Add(new SourceImage(canvas.EncodePng(), SourceImageKind.Frame, i + 1, frames.Count, $"frame {i + 1} of {frames.Count} at {SourceImage.FormatTime(starts[i])}", Time: starts[i]));
            }

            if (frame.Disposal == FrameDisposal.Background)
            {
                canvas.Clear(frame.X, frame.Y, frame.Width, frame.Height);
            }
            else if (before is not null)
            {
                canvas.Restore(before, frame.X, frame.Y, frame.Width, frame.Height);
            }
        }

        return images;
    }
}
