using System.Management.Automation;

namespace VisionPS.Views;

/// <summary>
/// The members VisionPS.types.ps1xml adds to ImagePart as CodeProperties: the table's headings (Name, Type, Size,
/// Original) and, hidden from Get-Member and exports, the text only the view shows. C# instead of script blocks: a
/// one-shot <c>pwsh -c "ConvertTo-ImagePart photo.jpg"</c> then formats its table without compiling PowerShell code.
/// </summary>
public static class ImagePartView
{
    public static string? Name(PSObject instance) => Part(instance) is { } part
        ? part.Kind == ImageSourceKind.File ? System.IO.Path.GetFileName(part.Source) : part.Source
        : null;

    public static string? Type(PSObject instance) => Part(instance) is { } part
        ? !part.HasImage ? "text" : part.MimeType is { } mime ? (mime.StartsWith("image/", StringComparison.Ordinal) ? mime["image/".Length..] : mime) : "url"
        : null;

    public static string? Size(PSObject instance) => Part(instance) is { } part ? ViewText.Dimensions(part.Width, part.Height) : null;

    public static string? Original(PSObject instance) =>
        Part(instance) is { OriginalWidth: { } width } part && (width != part.Width || part.OriginalHeight != part.Height)
            ? ViewText.Dimensions(width, part.OriginalHeight)
            : null;

    public static string? NameInView(PSObject instance) => ViewText.TrimLeft(Name(instance), 18);

    public static string? BytesInView(PSObject instance) => Part(instance)?.ByteLength?.ToString("N0", System.Globalization.CultureInfo.CurrentCulture);

    public static string? DetailInView(PSObject instance) => Part(instance) is { } part ? part.Detail ?? (part.HasImage ? "auto" : null) : null;

    public static string? ChangesInView(PSObject instance) => Part(instance) is { } part
        ? !part.HasImage ? "no image: its text is sent" : part.Kind == ImageSourceKind.Url ? "sent as a URL" : part.Changes.ToString()
        : null;

    private static ImagePart? Part(PSObject instance) => instance?.BaseObject as ImagePart;
}
