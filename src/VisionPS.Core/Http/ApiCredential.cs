using System.Net;
using System.Security;

namespace VisionPS.Core.Http;

/// <summary>
/// An API key that never shows itself: ToString, debugger display and serializers see only a mask.
/// The plain value is handed out only to build the Authorization header and to scrub text.
/// </summary>
[System.Diagnostics.DebuggerDisplay("ApiCredential(***)")]
public sealed class ApiCredential
{
    private readonly string _value;

    public ApiCredential(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The API key is empty.", nameof(value));
        }

        _value = value.Trim();
    }

    public static ApiCredential FromSecureString(SecureString value) => new(new NetworkCredential(string.Empty, value).Password);

    internal string Reveal() => _value;

    /// <summary>Replaces every occurrence of the key in <paramref name="text"/> with a mask.</summary>
    public string Scrub(string text) => string.IsNullOrEmpty(text) ? text : text.Replace(_value, "***", StringComparison.Ordinal);

    public override string ToString() => "***";
}
