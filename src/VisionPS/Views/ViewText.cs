using System.Globalization;
using System.Text.RegularExpressions;

namespace VisionPS.Views;

/// <summary>Text helpers shared by the view members (see <see cref="ImagePartView"/>).</summary>
internal static partial class ViewText
{
    /// <summary>
    /// <paramref name="value"/> cut from the left to <paramref name="width"/> characters with "…", so the end of a long
    /// file name or id (what tells two apart) stays visible. Only views show it; the data keeps the whole value.
    /// </summary>
    public static string? TrimLeft(string? value, int width) =>
        value is null || value.Length <= width ? value : "…" + value[^(width - 1)..];

    public static string? Dimensions(int? width, int? height) => width is null ? null : $"{width}x{height}";

    /// <summary>What PowerShell's <c>'{0:format}' -f value</c> gives: the current culture's digits and separators.</summary>
    public static string Format(string format, params object?[] values) => string.Format(CultureInfo.CurrentCulture, format, values);

    /// <summary>The "-", "yes", "no" of a three-state column.</summary>
    public static string YesNo(bool? value, string unknown) => value switch { null => unknown, true => "yes", false => "no" };

    /// <summary>An answer on one table row: every run of white space (line breaks too) becomes one space.</summary>
    public static string OneLine(string text) => WhiteSpace().Replace(text, " ");

    /// <summary>
    /// The last element of a path as <c>Split-Path -Leaf</c> gives it: either separator counts (PowerShell takes both on
    /// every platform) and a trailing one is dropped.
    /// </summary>
    public static string Leaf(string path)
    {
        string trimmed = path.TrimEnd('/', '\\');
        return trimmed[(trimmed.LastIndexOfAny(['/', '\\']) + 1)..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
