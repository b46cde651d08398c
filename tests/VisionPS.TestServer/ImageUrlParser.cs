using System.Text.RegularExpressions;

namespace VisionPS.TestServer;

/// <summary>
/// Checks <c>image_url.url</c>: a base64 data URL of an accepted image type (decoded and sniffed), or an
/// http(s) URL (accepted, never fetched). Any other form is a 400 error whose <c>param</c> is the url's path.
/// </summary>
internal static partial class ImageUrlParser
{
    public const string AcceptedTypes = "image/jpeg, image/png, image/gif, image/webp";

    // RFC 2397: media type and "base64" are case-insensitive. Further parameters (charset, name) are not accepted.
    [GeneratedRegex(@"^data:(?<mime>[^;,]*)(?<base64>;base64)?,(?<payload>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex DataUrl();

    public static ExpectedImage Parse(string url, string? detail, string path, ImageTokenRule rule)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return ParseDataUrl(url, detail, path, rule);
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host))
        {
            return ExpectedImage.FromUrl(url, detail);
        }

        throw Error(
            $"Invalid image URL: '{path}' must be an http(s) URL or a base64 data URL such as 'data:image/png;base64,...'.",
            path,
            "invalid_image_url");
    }

    private static ExpectedImage ParseDataUrl(string url, string? detail, string path, ImageTokenRule rule)
    {
        Match m = DataUrl().Match(url);
        if (!m.Success || !m.Groups["base64"].Success)
        {
            throw Error(
                $"Invalid image URL: '{path}' is a data URL without ';base64,'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU=').",
                path,
                "invalid_image_url");
        }

        string declared = m.Groups["mime"].Value.ToLowerInvariant();
        if (declared is not ("image/png" or "image/jpeg" or "image/gif" or "image/webp"))
        {
            throw Error(
                $"Invalid MIME type '{m.Groups["mime"].Value}' in '{path}'. Supported image types are: {AcceptedTypes}.",
                path,
                "invalid_image_format");
        }

        string payload = m.Groups["payload"].Value;
        if (!IsStrictBase64(payload))
        {
            throw Error(
                $"Invalid '{path}'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got invalid base64 data.",
                path,
                "invalid_image_format");
        }

        byte[] bytes = Convert.FromBase64String(payload);
        SniffResult sniff = ImageHeaderSniffer.Sniff(bytes);
        switch (sniff.Status)
        {
            case SniffStatus.UnsupportedFormat:
                throw Error(
                    $"You uploaded an unsupported image. Please make sure your image has one of the following formats: {AcceptedTypes}.",
                    path,
                    "invalid_image");
            case SniffStatus.Unreadable:
                throw Error("Invalid image.", path, "invalid_image");
        }

        if (sniff.IsAnimated && sniff.MimeType == "image/gif")
        {
            throw Error(
                "Animated GIFs are not supported. Please provide a non-animated image in one of the following formats: " + AcceptedTypes + ".",
                path,
                "invalid_image");
        }

        if (rule.RejectSize(sniff.Width, sniff.Height) is { } reason)
        {
            throw Error($"Invalid image in '{path}': {reason}.", path, "invalid_image");
        }

        // A declared type that differs from the bytes is accepted; the answer reports the sniffed type.
        return ExpectedImage.FromBytes(sniff.MimeType!, sniff.Width, sniff.Height, bytes, detail);
    }

    /// <summary>Standard alphabet, padded, no whitespace; empty is allowed (it then fails as "not an image").</summary>
    internal static bool IsStrictBase64(string s)
    {
        if (s.Length % 4 != 0)
        {
            return false;
        }

        int padding = s.EndsWith("==", StringComparison.Ordinal) ? 2 : s.EndsWith('=') ? 1 : 0;
        for (int i = 0; i < s.Length - padding; i++)
        {
            char c = s[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static ApiErrorException Error(string message, string path, string code)
        => new(ApiError.Invalid(message, path, code));
}
