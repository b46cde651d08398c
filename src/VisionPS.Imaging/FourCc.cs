namespace VisionPS.Imaging;

/// <summary>Four-character codes (PNG chunk types, RIFF and ISO-BMFF box types) for messages.</summary>
internal static class FourCc
{
    /// <summary>The first four bytes as text, with unprintable bytes shown as '?'.</summary>
    public static string ToText(ReadOnlySpan<byte> code)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = i < code.Length && code[i] is >= 0x20 and < 0x7F ? (char)code[i] : '?';
        }

        return new string(chars);
    }
}
