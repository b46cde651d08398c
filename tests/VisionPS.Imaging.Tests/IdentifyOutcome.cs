using VisionPS.Imaging;

namespace VisionPS.Imaging.Tests;

/// <summary>What one Identify call produced (an ImageInfo or an exception), for comparing the span and stream overloads.</summary>
internal sealed record IdentifyOutcome(ImageInfo? Info, Type? ExceptionType, string? Message)
{
    public static IdentifyOutcome Of(Func<ImageInfo> identify)
    {
        try
        {
            return new IdentifyOutcome(identify(), null, null);
        }
        catch (Exception exception)
        {
            return new IdentifyOutcome(null, exception.GetType(), exception.Message);
        }
    }

    public override string ToString() => Info?.ToString() ?? $"{ExceptionType?.Name}: {Message}";
}
