namespace VisionPS.Imaging.Sources;

/// <summary>
/// One of the several labelled images that one input becomes: a PDF page, a video frame, a tile of a tall scan.
/// </summary>
/// <remarks>
/// The shape every multi-image input shares: an <see cref="IImageSource"/> turns one input into N of these, in the
/// order they are sent; Core prepares each like an image file of its own (so token estimates, -WhatIf, -MaxCost and
/// the Batch API see ordinary images), names it "<c>{input} ({Label})</c>" in results, puts all N in one request, and
/// sends <see cref="Label"/> (and <see cref="Text"/>, when there is one) as a text part right before the image.
/// <see cref="Data"/> is an encoded image the engine reads (JPEG, PNG, TIFF, GIF…), never raw pixels; empty for a page
/// that has only text (sent as a text part, no image).
/// </remarks>
/// <param name="Data">The encoded image.</param>
/// <param name="Kind">What the images of this input are: <see cref="SourceImageKind"/>.</param>
/// <param name="Number">1-based position in the input (page 3, frame 4, tile 2).</param>
/// <param name="Count">How many there are in the input (pages in the document, frames sent, tiles).</param>
/// <param name="Label">How the image is named to the model and the user: "page 3 of 12", "frame at 00:00:04.000".</param>
/// <param name="Text">Text that belongs with the image (a PDF page's text layer), sent before it; null when none. A page
/// with text and no image is a <see cref="SourceImage"/> with empty <see cref="Data"/> and this text (<see cref="HasImage"/> false).</param>
/// <param name="Time">A video or animation frame's timestamp; null otherwise.</param>
/// <param name="Video">The whole clip a video frame came from (the same object for every frame of it); null otherwise.</param>
public sealed record SourceImage(ReadOnlyMemory<byte> Data, SourceImageKind Kind, int Number, int Count, string Label, string? Text = null, TimeSpan? Time = null, SourceVideo? Video = null)
{
    /// <summary>False for a page of text only: nothing to decode, <see cref="Text"/> goes as a text part of its own.</summary>
    public bool HasImage => !Data.IsEmpty;

    /// <summary>What the user should know about this image or the input around it (a page skipped before it).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>How a frame's timestamp is written in labels: hh:mm:ss.fff.</summary>
    public static string FormatTime(TimeSpan time) => time.ToString(@"hh\:mm\:ss\.fff", System.Globalization.CultureInfo.InvariantCulture);
}
