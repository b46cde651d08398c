namespace VisionPS.Imaging;

/// <summary>
/// What an image's headers say about it, read without decoding pixels (see <see cref="ImageIdentifier"/>).
/// </summary>
/// <param name="Format">The format shown by the magic bytes.</param>
/// <param name="Width">Width in pixels as stored in the header, before EXIF orientation is applied
/// (for animated GIF/WebP: the canvas / logical screen).</param>
/// <param name="Height">Height in pixels as stored in the header, before EXIF orientation is applied
/// (a BMP's negative top-down height is reported as a positive number).</param>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height)
{
    /// <summary>EXIF orientation 1..8 (1 = upright). 1 when the image has no EXIF orientation or an invalid one.</summary>
    /// <remarks>Read from JPEG APP1 Exif, PNG <c>eXIf</c> or ImageMagick's legacy "Raw profile type exif" text chunk, and WebP <c>EXIF</c>.</remarks>
    public int Orientation { get; init; } = 1;

    /// <summary>Bits per sample as the header states it; the meaning differs by format:</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>JPEG: the frame header's sample precision (8, 12; 2..16 for lossless).</item>
    /// <item>PNG: the IHDR bit depth (1, 2, 4, 8, 16); for palette images, bits per palette index.</item>
    /// <item>GIF: always 8 (a palette index fits in a byte; colour tables hold 8-bit RGB).</item>
    /// <item>WebP: always 8 (VP8 and VP8L code 8-bit samples).</item>
    /// <item>BMP: bits per <em>pixel</em> (1, 4, 8, 16, 24, 32, 64; 0 for embedded JPEG/PNG).</item>
    /// </list>
    /// </remarks>
    public int BitDepth { get; init; }

    /// <summary>True for an animated GIF (more than one image), an animated WebP (VP8X animation flag) or an APNG (<c>acTL</c> before the first <c>IDAT</c>).</summary>
    public bool IsAnimated { get; init; }

    /// <summary>
    /// Number of frames where cheaply known: GIF image descriptors counted by walking the blocks (as far as the data goes),
    /// WebP <c>ANMF</c> chunks, the APNG <c>acTL</c> frame count; 1 otherwise.
    /// </summary>
    public int FrameCount { get; init; } = 1;

    /// <summary>
    /// True when the header shows lossy coding: a JPEG's DCT frame, or a WebP whose image is <c>VP8 </c> (not
    /// <c>VP8L</c>). A lossy picture loses nothing more worth having when it is re-encoded as JPEG.
    /// </summary>
    public bool IsLossy { get; init; }

    /// <summary>The MIME type for data URLs, e.g. <c>image/jpeg</c>.</summary>
    public string MimeType => Format.GetMimeType();

    /// <summary>Width once EXIF orientation is applied: <see cref="Height"/> for orientations 5..8 (90° turns), else <see cref="Width"/>.</summary>
    public int DisplayWidth => SwapsAxes ? Height : Width;

    /// <summary>Height once EXIF orientation is applied: <see cref="Width"/> for orientations 5..8 (90° turns), else <see cref="Height"/>.</summary>
    public int DisplayHeight => SwapsAxes ? Width : Height;

    private bool SwapsAxes => Orientation is >= 5 and <= 8;
}
