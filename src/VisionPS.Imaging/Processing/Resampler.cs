namespace VisionPS.Imaging.Processing;

/// <summary>Separable resampling with an antialiasing kernel whose support widens with the downscale factor.</summary>
/// <remarks>
/// Works on the stored (sRGB-encoded) values, as ImageMagick 6 does; RGBA is filtered premultiplied so transparent
/// pixels lend no colour. Same size returns a copy.
/// </remarks>
internal static class Resampler
{
    /// <summary>Below this many destination samples × taps, one thread is quicker than starting several.</summary>
    private const long ParallelWorkThreshold = 4_000_000;

    public static PixelBuffer Resize(PixelBuffer source, int width, int height) => Resize(source, width, height, new LanczosKernel());

    public static PixelBuffer Resize<TKernel>(PixelBuffer source, int width, int height, TKernel kernel)
        where TKernel : IResamplingKernel
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == source.Width && height == source.Height)
        {
            return new PixelBuffer(width, height, source.Layout, (byte[])source.Data.Clone());
        }

        var destination = new PixelBuffer(width, height, source.Layout);
        var horizontal = ResamplingKernelMap.Create(kernel, source.Width, width);
        var vertical = ResamplingKernelMap.Create(kernel, source.Height, height);
        // An opaque RGBA image is filtered like RGB (no premultiplying), so it gives exactly the same colours.
        var worker = new ResizeWorker(source, destination, horizontal, vertical, premultiply: source.HasTransparentPixels());

        long work = ((long)source.Height * width * horizontal.Stride) + ((long)height * width * vertical.Stride);
        int bands = work < ParallelWorkThreshold ? 1 : Math.Min(Environment.ProcessorCount, height);
        if (bands <= 1)
        {
            worker.RunBand(0, height);
        }
        else
        {
            Parallel.For(0, bands, band => worker.RunBand((int)((long)height * band / bands), (int)((long)height * (band + 1) / bands)));
        }

        return destination;
    }
}
