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
    public static IEnumerable<ImageInput> Read(object? item, object target, IPathResolver paths, string? detail, ImagePreparationOptions? preparation = null)
    {
        return item switch
        {
            null => [],
            ImagePart part => [new ImageInput(target, part.Detail is null && detail is not null ? part.WithDetail(detail) : part, null)],
            FileSystemInfo file => [Load(target, () => ImagePartFactory.FromFile(file.FullName, detail, preparation))],
            LiteralPathReference literal => [Load(target, () => ImagePartFactory.FromFile(paths.ResolveLiteral(literal.Path), detail, preparation))],
            Uri uri => [Load(target, () => ImagePartFactory.FromReference(uri.OriginalString, detail, preparation))],
            byte[] bytes => [Load(target, () => ImagePartFactory.FromBytes(bytes, target as string, detail, preparation))],
            string text => ReadString(text, target, paths, detail, preparation),
            _ => [new ImageInput(target, null, new VisionArgumentException(
                ErrorIds.InvalidInput,
                $"An object of type {item.GetType().FullName} cannot be used as an image.",
                "Pass a file path, an http(s) URL, a FileInfo (Get-ChildItem) or an ImagePart (ConvertTo-ImagePart)."))],
        };
    }

    private static IEnumerable<ImageInput> ReadString(string text, object target, IPathResolver paths, string? detail, ImagePreparationOptions? preparation)
    {
        ImageSourceKind kind;
        IReadOnlyList<string> files;
        try
        {
            kind = ImageReference.Classify(text);
            if (kind != ImageSourceKind.File)
            {
                return [Load(target, () => ImagePartFactory.FromReference(text, detail, preparation))];
            }

            files = paths.Resolve(text);
        }
        catch (Exception ex)
        {
            return [new ImageInput(target, null, ex)];
        }

        // A wildcard that matched several files: each file is its own target, so one bad file names itself.
        return files.Count == 1
            ? [Load(target, () => ImagePartFactory.FromFile(files[0], detail, preparation))]
            : files.Select(f => Load(f, () => ImagePartFactory.FromFile(f, detail, preparation)));
    }

    private static ImageInput Load(object target, Func<ImagePart> make)
    {
        try
        {
            return new ImageInput(target, make(), null);
        }
        catch (Exception ex)
        {
            return new ImageInput(target, null, ex);
        }
    }
}
