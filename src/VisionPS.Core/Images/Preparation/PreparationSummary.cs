using System.Globalization;

namespace VisionPS.Core.Images.Preparation;

/// <summary>One line saying what was done to an image, for the cmdlets' verbose stream.</summary>
public static class PreparationSummary
{
    public static string Of(ImagePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (!part.HasImage)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{part.Source}: no image, text only ({part.Text?.Length ?? 0:N0} characters), sent as a text part.");
        }

        if (part.IsLink)
        {
            return $"{part.Source}: sent as a URL (not downloaded).";
        }

        string quality = part.Quality is { } q ? string.Create(CultureInfo.InvariantCulture, $" q{q}") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{part.Source}: {part.OriginalWidth}x{part.OriginalHeight} {part.OriginalMimeType} {part.OriginalByteLength:N0} bytes -> " +
            $"{part.Width}x{part.Height} {part.MimeType}{quality} {part.ByteLength:N0} bytes ({part.EncodedLength:N0} as base64); {part.Changes}.");
    }
}
