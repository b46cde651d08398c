using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images.Preparation;

namespace VisionPS.Core.Images;

/// <summary>
/// Reads whatever a user passed as an image: path strings (wildcards allowed), URLs, data URLs, FileInfo,
/// literal-path references, byte arrays, Uri objects and ImageParts. One failure never hides the others.
/// </summary>
public static class ImageInputReader
{
    /// <param name="item">The input, already unwrapped from any PowerShell wrapper.</param>
    /// <param name="target">What errors should name as their target (the user's original object).</param>
    /// <param name="paths">Resolves paths the way the caller's environment does.</param>
    /// <param name="detail">Detail for images that do not carry their own.</param>
    /// <param name="preparation">How images read from files, bytes and data URLs are prepared (null: the defaults);
    /// ImageParts pass through as they are.</param>
    public static IEnumerable<ImageInput> Read(object? item, object target, IPathResolver paths, string? detail, ImagePreparationOptions? preparation = null) =>
        Resolve(item, target, paths, detail, preparation).Select(pending => pending.Load());

    /// <summary>
    /// Like <see cref="Read"/>, but stops before reading files: paths are resolved here (on the caller's thread, as
    /// PowerShell requires), and each <see cref="PendingImage.Load"/> reads and prepares one image later, anywhere.
    /// </summary>
    public static IEnumerable<PendingImage> Resolve(object? item, object target, IPathResolver paths, string? detail, ImagePreparationOptions? preparation = null)
    {
        return item switch
        {
            null => [],
            ImagePart part => [Ready(new ImageInput(target, part.Detail is null && detail is not null ? part.WithDetail(detail) : part, null))],
            FileSystemInfo file => [Pending(target, () => ImagePartFactory.AllFromFile(file.FullName, detail, preparation))],
            LiteralPathReference literal => [ResolveLiteral(literal, target, paths, detail, preparation)],
            Uri uri => [Pending(target, () => ImagePartFactory.AllFromReference(uri.OriginalString, detail, preparation))],
            byte[] bytes => [Pending(target, () => ImagePartFactory.AllFromBytes(bytes, target as string, detail, preparation))],
            string text => ResolveString(text, target, paths, detail, preparation),
            _ => [Ready(new ImageInput(target, null, new VisionArgumentException(
                ErrorIds.InvalidInput,
                $"An object of type {item.GetType().FullName} cannot be used as an image.",
                "Pass a file path, an http(s) URL, a FileInfo (Get-ChildItem) or an ImagePart (ConvertTo-ImagePart).")))],
        };
    }

    private static PendingImage ResolveLiteral(LiteralPathReference literal, object target, IPathResolver paths, string? detail, ImagePreparationOptions? preparation)
    {
        try
        {
            string path = paths.ResolveLiteral(literal.Path);
            return Pending(target, () => ImagePartFactory.AllFromFile(path, detail, preparation));
        }
        catch (Exception ex)
        {
            return Ready(new ImageInput(target, null, ex));
        }
    }

    private static IEnumerable<PendingImage> ResolveString(string text, object target, IPathResolver paths, string? detail, ImagePreparationOptions? preparation)
    {
        IReadOnlyList<string> files;
        try
        {
            if (ImageReference.Classify(text) != ImageSourceKind.File)
            {
                return [Pending(target, () => ImagePartFactory.AllFromReference(text, detail, preparation))];
            }

            files = paths.Resolve(text);
        }
        catch (Exception ex)
        {
            return [Ready(new ImageInput(target, null, ex))];
        }

        // A wildcard that matched several files: each file is its own target, so one bad file names itself.
        return files.Count == 1
            ? [Pending(target, () => ImagePartFactory.AllFromFile(files[0], detail, preparation))]
            : files.Select(f => Pending(f, () => ImagePartFactory.AllFromFile(f, detail, preparation)));
    }

    private static PendingImage Ready(ImageInput input) => new(input.Target, () => input);

    private static PendingImage Pending(object target, Func<IReadOnlyList<ImagePart>> make) => new(target, () => Load(target, make));

    private static ImageInput Load(object target, Func<IReadOnlyList<ImagePart>> make)
    {
        try
        {
            return new ImageInput(target, make());
        }
        catch (Exception ex)
        {
            return new ImageInput(target, null, ex);
        }
    }
}
