namespace VisionPS.Imaging.Sources;

/// <summary>What the several images of one input are.</summary>
public enum SourceImageKind
{
    /// <summary>Pages of a document (PDF).</summary>
    Page,

    /// <summary>Frames of a video or an animation, in time order.</summary>
    Frame,

    /// <summary>Overlapping tiles of one large image.</summary>
    Tile,
}
