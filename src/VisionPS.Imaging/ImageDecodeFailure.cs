namespace VisionPS.Imaging;

/// <summary>
/// Internal signals from the decoders, which do not know the source name; <see cref="BuiltInImageEngine"/> turns them into
/// the public exceptions (<see cref="CorruptImageDataException"/>, <see cref="UnsupportedImageFeatureException"/>).
/// They never escape the library.
/// </summary>
internal sealed class PixelDataCorruptException : Exception
{
    /// <param name="problem">What is wrong, phrased to follow "its pixel data cannot be decoded: ".</param>
    public PixelDataCorruptException(string problem)
        : base(problem)
    {
    }
}

/// <inheritdoc cref="PixelDataCorruptException"/>
internal sealed class UnsupportedFeatureSignal : Exception
{
    /// <param name="feature">The feature, phrased to follow "uses ", e.g. "arithmetic coding (SOF9)".</param>
    public UnsupportedFeatureSignal(string feature)
        : base(feature)
    {
    }
}

/// <inheritdoc cref="PixelDataCorruptException"/>
internal sealed class PixelLimitSignal : Exception
{
    /// <param name="width">Width the header declares.</param>
    /// <param name="height">Height the header declares.</param>
    /// <param name="maxPixels">The limit in force.</param>
    public PixelLimitSignal(long width, long height, long maxPixels)
        : base($"{width}x{height} exceeds {maxPixels} pixels")
    {
        Width = width;
        Height = height;
        MaxPixels = maxPixels;
    }

    public long Width { get; }

    public long Height { get; }

    public long MaxPixels { get; }

    /// <summary>Throws when <paramref name="width"/> × <paramref name="height"/> exceeds the limit in <paramref name="options"/>; call before allocating.</summary>
    public static void ThrowIfTooLarge(long width, long height, DecodeOptions options)
    {
        if (width * height > options.MaxPixels)
        {
            throw new PixelLimitSignal(width, height, options.MaxPixels);
        }
    }
}
