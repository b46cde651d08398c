namespace VisionPS.Views;

/// <summary>Text helpers shared by the view members (see <see cref="ImagePartView"/>).</summary>
internal static class ViewText
{
    /// <summary>
    /// <paramref name="value"/> cut from the left to <paramref name="width"/> characters with "…", so the end of a long
    /// file name or id (what tells two apart) stays visible. Only views show it; the data keeps the whole value.
    /// </summary>
    public static string? TrimLeft(string? value, int width) =>
        value is null || value.Length <= width ? value : "…" + value[^(width - 1)..];

    public static string? Dimensions(int? width, int? height) => width is null ? null : $"{width}x{height}";
}
