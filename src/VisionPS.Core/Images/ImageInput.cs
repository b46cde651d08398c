namespace VisionPS.Core.Images;

/// <summary>
/// The outcome of reading one input the user gave: its parts (one for an image; a PDF's pages or a video's frames, in
/// order, sent together), or the error to report for its target.
/// </summary>
public sealed record ImageInput(object Target, IReadOnlyList<ImagePart> Parts, Exception? Error)
{
    public ImageInput(object target, ImagePart part)
        : this(target, [part], null)
    {
    }

    public ImageInput(object target, Exception error)
        : this(target, [], error)
    {
    }

    /// <summary>True when the input was read (<see cref="Parts"/> holds at least one image).</summary>
    public bool Succeeded => Error is null && Parts.Count > 0;
}
