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
    /// ImageParts pass through as they are, unless the server's rules (<see cref="ImagePreparationOptions.Server"/>) need them otherwise.</param>
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
            ImagePart part => [ResolvePart(part.Detail is null && detail is not null ? part.WithDetail(detail) : part, target, preparation)],
            FileSystemInfo file => [Pending(target, () => ImagePartFactory.ReadFile(file.FullName, detail, preparation))],
            LiteralPathReference literal => [ResolveLiteral(literal, target, paths, detail, preparation)],
            Uri uri => [Pending(target, () => ImagePartFactory.ReadReference(uri.OriginalString, detail, preparation))],
            byte[] bytes => [Pending(target, () => ImagePartFactory.ReadBytes(bytes, target as string, detail, preparation))],
            string text => ResolveString(text, target, paths, detail, preparation),
            _ => [Ready(new ImageInput(target, new VisionArgumentException(
                ErrorIds.InvalidInput,
                $"An object of type {item.GetType().FullName} cannot be used as an image.",
                "Pass a file path, an http(s) URL, a FileInfo (Get-ChildItem) or an ImagePart (ConvertTo-ImagePart).")))],
        };
    }

    // A part made earlier goes as it is, unless this server needs it otherwise (a URL it cannot fetch, a format it refuses).
    private static PendingImage ResolvePart(ImagePart part, object target, ImagePreparationOptions? preparation) =>
        preparation is not null && ImagePartFactory.NeedsAdapting(part, preparation.Server)
            ? Pending(target, () => [ImagePartFactory.ForServer(part, preparation)])
            : Ready(new ImageInput(target, part));

    private static PendingImage ResolveLiteral(LiteralPathReference literal, object target, IPathResolver paths, string? detail, ImagePreparationOptions? preparation)
    {
        try
        {
            string path = paths.ResolveLiteral(literal.Path);
            return Pending(target, () => ImagePartFactory.ReadFile(path, detail, preparation));
        }
        catch (Exception ex)
        {
            return Ready(new ImageInput(target, ex));
        }
    }

    private static IEnumerable<PendingImage> ResolveString(string text, object target, IPathResolver paths, string? detail, ImagePreparationOptions? preparation)
    {
        IReadOnlyList<string> files;
        try
        {
            if (ImageReference.Classify(text) != ImageSourceKind.File)
            {
                return [Pending(target, () => ImagePartFactory.ReadReference(text, detail, preparation))];
            }

            files = paths.Resolve(text);
        }
        catch (Exception ex)
        {
            return [Ready(new ImageInput(target, ex))];
        }

        // A wildcard that matched several files: each file is its own target, so one bad file names itself.
        return files.Count == 1
            ? [Pending(target, () => ImagePartFactory.ReadFile(files[0], detail, preparation))]
            : files.Select(f => Pending(f, () => ImagePartFactory.ReadFile(f, detail, preparation)));
    }

    private static PendingImage Ready(ImageInput input) => new(input.Target, () => input);

    private static PendingImage Pending(object target, Func<IReadOnlyList<ImagePart>> make) => new(target, () => Load(target, make));

    private static ImageInput Load(object target, Func<IReadOnlyList<ImagePart>> make)
    {
        try
        {
            return new ImageInput(target, make(), null);
        }
        catch (Exception ex)
        {
            return new ImageInput(target, ex);
        }
    }
}
