using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Images;

/// <summary>Reads <c>data:[mime][;base64],payload</c> URLs (RFC 2397).</summary>
public static class DataUrl
{
    public static byte[] Decode(string dataUrl)
    {
        ArgumentNullException.ThrowIfNull(dataUrl);
        string value = dataUrl.Trim();
        int comma = value.IndexOf(',');
        if (!value.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            throw Invalid(dataUrl, "it has no ',' between the header and the data");
        }

        string header = value[5..comma];
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(dataUrl, "only base64 data URLs can hold an image");
        }

        try
        {
            return Convert.FromBase64String(value[(comma + 1)..]);
        }
        catch (FormatException)
        {
            throw Invalid(dataUrl, "its data is not valid base64");
        }
    }

    private static VisionArgumentException Invalid(string dataUrl, string why) => new(
        ErrorIds.InvalidDataUrl,
        $"The data URL '{ImageReference.Shorten(dataUrl)}' cannot be used: {why}.",
        "Pass a data:image/...;base64,... URL, or the image file's path.");
}
