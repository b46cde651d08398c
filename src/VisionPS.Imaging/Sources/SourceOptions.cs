namespace VisionPS.Imaging.Sources;

/// <summary>What the user asked of a multi-image input (-Page, -FramesPerSecond, -MaxFrames, -AllFrames).</summary>
public sealed record SourceOptions
{
    public static SourceOptions Default { get; } = new();

    /// <summary>Pages to send, 1-based and in order (-Page 1,3-5); null = every page of a PDF. A list or range also makes a
    /// multi-page TIFF a source of pages; a single page of a TIFF is picked by the preparer.</summary>
    public PageSelection? Pages { get; init; }

    /// <summary>Frames per second to take from a video or animation; null = <see cref="MaxFrames"/> spread evenly.</summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>The most frames sent from one video or animation.</summary>
    public int MaxFrames { get; init; } = DefaultMaxFrames;

    /// <summary>True (-AllFrames, or -FramesPerSecond/-MaxFrames given): an animated GIF, APNG or WebP is sent as frames,
    /// not as its first frame.</summary>
    public bool AnimationFrames { get; init; }

    /// <summary>The most pixels one page image or frame may declare (checked before it is decoded).</summary>
    public long MaxPixels { get; init; } = DecodeOptions.DefaultMaxPixels;

    /// <summary>Frames taken from a video when neither -FramesPerSecond nor -MaxFrames is given.</summary>
    public const int DefaultMaxFrames = 8;

    /// <summary>The most frames any request may take from one input (-MaxFrames is validated against it).</summary>
    public const int FrameLimit = 256;
}
