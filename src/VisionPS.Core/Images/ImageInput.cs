namespace VisionPS.Core.Images;

/// <summary>The outcome of reading one image the user gave: a part, or the error to report for its target.</summary>
public sealed record ImageInput(object Target, ImagePart? Part, Exception? Error)
{
    private readonly IReadOnlyList<ImagePart>? _parts;

    /// <summary>An input that became several parts (a tall document's tiles), in the order they are sent.</summary>
    public ImageInput(object target, IReadOnlyList<ImagePart> parts)
        : this(target, parts.Count > 0 ? parts[0] : null, null)
    {
        _parts = parts;
    }

    /// <summary>Every part the input became, in order: one for an ordinary image, its tiles for a split one, none on error.</summary>
    public IReadOnlyList<ImagePart> Parts => _parts ?? (Part is null ? [] : [Part]);
}
