using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Models;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// The image parameters, declared once. Every command that prepares images (Invoke-VisionChat, Compare-Image,
/// Submit-VisionBatch, ConvertTo-ImagePart) offers them through <see cref="IDynamicParameters"/> as this one object:
/// the commands sit on different bases (one connects, one does not), and a parameter block copied into each drifted
/// apart before. <see cref="ToOptions"/> is the one translation into Core's preparation options.
/// </summary>
public sealed class ImageParameters
{
    /// <summary>auto, low, high, or a newer level, for images that do not carry their own; omitted when not given (the provider's default).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DetailCompleter))]
    public string? Detail { get; set; }

    /// <summary>Send images as they are: no downscaling, rotating or re-encoding (metadata is still stripped losslessly unless -KeepMetadata).</summary>
    [Parameter]
    public SwitchParameter NoResize { get; set; }

    /// <summary>Keep EXIF (GPS included), XMP and comments in images sent unchanged; re-encoded images never carry metadata.</summary>
    [Parameter]
    public SwitchParameter KeepMetadata { get; set; }

    /// <summary>Re-encode WebP images for servers that refuse WebP: to PNG, or JPEG for a lossy photo or when a PNG would not fit.</summary>
    [Parameter]
    public SwitchParameter ConvertWebP { get; set; }

    /// <summary>Pages to send: of a PDF (2, 1,3-5, or 4- for 4 to the end; default every page), or the one page of a multi-page TIFF (default 1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Page { get; set; }

    /// <summary>Frames per second to take from a video, from its start (default: -MaxFrames frames spread evenly over it).</summary>
    [Parameter]
    [ValidateRange(0.001, 60.0)]
    public double FramesPerSecond { get; set; }

    /// <summary>The most frames sent from one video or animated GIF (default 8).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int MaxFrames { get; set; }

    /// <summary>Send an animated GIF as its frames (up to 256) instead of its first frame.</summary>
    [Parameter]
    public SwitchParameter AllFrames { get; set; }

    /// <summary>
    /// Split tall or wide documents into overlapping, labelled tiles sent in one request, so their text stays legible:
    /// auto (the default: when the model's box would shrink the image too far), off, or a number of tiles (1-32).
    /// </summary>
    [Parameter]
    [ValidateTile]
    [ArgumentCompleter(typeof(TileCompleter))]
    public string Tile { get; set; } = "auto";

    /// <summary>JPEG quality (1-100) for images VisionPS re-encodes; default 85, lowered only to meet -MaxBytes.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int Quality { get; set; }

    /// <summary>Fit images into a MaxSize x MaxSize box instead of the model family's useful size (never enlarges).</summary>
    [Parameter]
    [ValidateRange(16, 65535)]
    public int MaxSize { get; set; }

    /// <summary>The most bytes of base64 one image may take in the request; default 1000000 (1 MB).</summary>
    [Parameter]
    [ValidateRange(1024L, long.MaxValue)]
    public long MaxBytes { get; set; }

    /// <summary>-Page as one text ("1" when not given): what a batch job's request shape records.</summary>
    internal string PageText => Page is { Length: > 0 } ? string.Join(",", Page) : "1";

    /// <summary>How images are prepared for <paramref name="model"/> (null: no model known yet) and the server's rules.</summary>
    /// <exception cref="Core.Diagnostics.VisionArgumentException">-Page is not a list of pages.</exception>
    internal ImagePreparationOptions ToOptions(string? model, ModelCatalog? catalog, ServerImageRules server)
    {
        var options = new ImagePreparationOptions
        {
            Tile = Core.Images.Tiling.TileSetting.Parse(Tile),
            Resize = !NoResize,
            KeepMetadata = KeepMetadata,
            Quality = Quality > 0 ? Quality : null,
            MaxSize = MaxSize > 0 ? MaxSize : null,
            MaxEncodedBytes = MaxBytes > 0 ? MaxBytes : ImagePreparationOptions.DefaultMaxEncodedBytes,
            Model = model,
            ConvertWebP = ConvertWebP,
            Catalog = catalog,
            Server = server,
        };
        return SourceSwitches.Apply(options, Page, FramesPerSecond, MaxFrames, AllFrames);
    }
}
