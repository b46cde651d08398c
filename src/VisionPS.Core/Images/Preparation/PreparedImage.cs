using VisionPS.Imaging;

namespace VisionPS.Core.Images.Preparation;

/// <summary>The bytes to send and what was done to get them.</summary>
/// <param name="Data">The image as it will be sent.</param>
/// <param name="Format">Its format.</param>
/// <param name="Width">Its width in pixels as a viewer shows it (EXIF orientation applied).</param>
/// <param name="Height">Its height in pixels as a viewer shows it.</param>
/// <param name="Changes">What was done.</param>
public sealed record PreparedImage(byte[] Data, ImageFormat Format, int Width, int Height, ImageChanges Changes)
{
    /// <summary>The JPEG quality used when VisionPS encoded a JPEG; null otherwise.</summary>
    public int? Quality { get; init; }

    /// <summary>Things the user should know (e.g. a WebP over the limits that could not be resized).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// The size of the picture this was made from when it is not the file's first (a later TIFF page, whose size
    /// the file's header does not give); null when it is the file's own size.
    /// </summary>
    public (int Width, int Height)? SourceSize { get; init; }

    /// <summary>For a tile (-Tile): the text sent right before it, naming its place in the whole image; null otherwise.</summary>
    public string? Label { get; init; }
}
