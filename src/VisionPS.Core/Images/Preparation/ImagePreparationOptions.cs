namespace VisionPS.Core.Images.Preparation;

/// <summary>How an image is made ready to send; the defaults are what ConvertTo-ImagePart and Invoke-VisionChat use.</summary>
public sealed record ImagePreparationOptions
{
    /// <summary>1 MB of base64: the most the platforms we target advise per inline image.</summary>
    public const long DefaultMaxEncodedBytes = 1_000_000;

    public const int DefaultQuality = 85;

    /// <summary>Quality is lowered in steps down to this before the size is reduced instead.</summary>
    public const int LowestAutomaticQuality = 55;

    public static ImagePreparationOptions Default { get; } = new();

    /// <summary>False (-NoResize): never decode or re-encode; only lossless metadata stripping, and no byte budget.</summary>
    public bool Resize { get; init; } = true;

    /// <summary>True (-KeepMetadata): an image sent unchanged keeps its EXIF/XMP/comments. Re-encoded images never carry metadata.</summary>
    public bool KeepMetadata { get; init; }

    /// <summary>
    /// JPEG quality (1-100) for re-encoded images, lowered automatically only when the byte budget needs it. Null (the
    /// default): <see cref="DefaultQuality"/>, or a JPEG source's own estimated quality when that is lower, since
    /// encoding a downscaled photo above its original quality only adds bytes.
    /// </summary>
    public int? Quality { get; init; }

    /// <summary>Box side in pixels (-MaxSize) replacing the model family's limits; null = the family's limits.</summary>
    public int? MaxSize { get; init; }

    /// <summary>The budget for the image as sent: its base64 length in the data URL (-MaxBytes).</summary>
    public long MaxEncodedBytes { get; init; } = DefaultMaxEncodedBytes;

    /// <summary>The model the image is for; picks the family's size limits. Null = OpenAI tile limits.</summary>
    public string? Model { get; init; }

    /// <summary>The catalog whose image-token rules size images (a user catalog included); null = the built-in one.</summary>
    public Models.ModelCatalog? Catalog { get; init; }

    /// <summary>The page of a multi-page TIFF to send (-Page), 1 = the first; other formats have one page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>What to take from a document, video or animation (-Page selections, -FramesPerSecond, -MaxFrames, -AllFrames).</summary>
    public Imaging.Sources.SourceOptions Sources { get; init; } = Imaging.Sources.SourceOptions.Default;

    /// <summary>Re-encode every WebP for servers that refuse WebP: to PNG, or JPEG for a lossy photo or when a PNG would not fit.</summary>
    public bool ConvertWebP { get; init; }

    /// <summary>What the server refuses, ignores or cannot fetch (the provider's quirks); default: OpenAI's behaviour.</summary>
    public ServerImageRules Server { get; init; } = ServerImageRules.Any;

    /// <summary>True when <paramref name="format"/> must not go as it is: -ConvertWebP for WebP, or a format the server refuses.</summary>
    public bool MustConvert(Imaging.ImageFormat format) => (format == Imaging.ImageFormat.WebP && ConvertWebP) || Server.Refuses(format);
    /// <summary>-Tile: split a tall or wide image into overlapping tiles so its text stays legible; off unless a cmdlet asks.</summary>
    public Tiling.TileSetting Tile { get; init; } = Tiling.TileSetting.Off;

    /// <summary>The limits that apply at <paramref name="detail"/>.</summary>
    public ImageSizeLimits LimitsFor(string? detail) =>
        MaxSize is { } box ? new ImageSizeLimits(box, box) : ModelImageLimits.For(Model, detail, Catalog);

    /// <summary>Base64 length of <paramref name="byteCount"/> bytes.</summary>
    public static long EncodedLength(long byteCount) => 4 * ((byteCount + 2) / 3);
}
