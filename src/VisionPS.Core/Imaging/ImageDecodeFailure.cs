namespace VisionPS.Core.Imaging;

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
