namespace VisionPS.Imaging.Sources.Animation;

/// <summary>One frame of an APNG or animated WebP as its container describes it: where it is drawn, for how long,
/// how, and what happens to its rectangle afterwards; <see cref="Still"/> rebuilds its pixels as a still image file.</summary>
internal sealed record AnimationFrame(int X, int Y, int Width, int Height, TimeSpan Delay, bool Blend, FrameDisposal Disposal, Func<byte[]> Still);
