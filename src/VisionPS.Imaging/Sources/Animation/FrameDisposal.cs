namespace VisionPS.Imaging.Sources.Animation;

/// <summary>What happens to a frame's rectangle before the next frame is drawn.</summary>
internal enum FrameDisposal
{
    /// <summary>Left as drawn.</summary>
    None,

    /// <summary>Cleared to transparent black.</summary>
    Background,

    /// <summary>Restored to what it held before the frame was drawn (APNG only).</summary>
    Previous,
}
