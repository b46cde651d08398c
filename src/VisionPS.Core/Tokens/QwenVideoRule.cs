namespace VisionPS.Core.Tokens;

/// <summary>
/// How Qwen2-VL/Qwen2.5-VL count a video, from qwen-vl-utils <c>vision_process.py</c> (QwenLM/Qwen2.5-VL; docs/documents.md,
/// Video, names the sources): a clip is sampled at <see cref="SampleFps"/> frames a second, at least
/// <see cref="MinFrames"/> and at most <see cref="MaxFrames"/> (and never more than the clip has), rounded down to a
/// multiple of <see cref="FrameFactor"/> (the temporal patch: frames are merged in pairs); each frame is sized by
/// smart_resize within the video budget, <see cref="VideoMinPixels"/> to min(<see cref="VideoMaxPixels"/>,
/// <see cref="VideoTotalPixels"/> / n × 2) (never under 1.05 × the minimum); the video costs n/2 × (h'/28)·(w'/28)
/// tokens plus one &lt;|vision_start|&gt;/&lt;|vision_end|&gt; pair.
/// </summary>
public static class QwenVideoRule
{
    public const string RuleName = "qwen-video";
    public const double SampleFps = 2.0;
    public const int FrameFactor = 2;
    public const int MinFrames = 4;
    public const int MaxFrames = 768;
    public const int VideoMinPixels = 128 * 28 * 28;
    public const int VideoMaxPixels = 768 * 28 * 28;

    /// <summary>128,000 × 28 × 28 × 0.9: qwen-vl-utils' default for the VIDEO_MAX_PIXELS environment variable.</summary>
    public const long VideoTotalPixels = 90_316_800;

    /// <summary>How many frames the server samples from a clip of <paramref name="frameCount"/> frames at <paramref name="frameRate"/>; null when it cannot say.</summary>
    public static int? SampledFrames(long? frameCount, double? frameRate, TimeSpan? duration)
    {
        long total = frameCount ?? (frameRate is { } r && duration is { } d ? (long)Math.Round(d.TotalSeconds * r) : 0);
        double? fps = frameRate ?? (duration is { TotalSeconds: > 0 } length && frameCount is { } n ? n / length.TotalSeconds : null);
        if (total < FrameFactor || fps is not > 0)
        {
            return null;
        }

        double wanted = total / fps.Value * SampleFps;
        long most = Math.Min(MaxFrames, total) / FrameFactor * FrameFactor;
        double frames = Math.Min(Math.Min(Math.Max(wanted, MinFrames), most), total);
        return (int)(Math.Floor(frames / FrameFactor) * FrameFactor);
    }

    /// <summary>The smart_resize each of <paramref name="frames"/> frames gets: the video pixel budget, 28-px factor.</summary>
    public static QwenSmartResizeEstimator FrameSizing(int frames, int factor = 28)
    {
        int padded = Math.Max(FrameFactor, (frames + FrameFactor - 1) / FrameFactor * FrameFactor);
        double budget = Math.Max(Math.Min(VideoMaxPixels, (double)VideoTotalPixels / padded * FrameFactor), Math.Floor(VideoMinPixels * 1.05));
        return new QwenSmartResizeEstimator(factor, VideoMinPixels, (int)budget);
    }

    /// <summary>Tokens of a video of <paramref name="frames"/> frames of <paramref name="width"/>×<paramref name="height"/>: ceil(n/2) frame grids plus the wrapper pair.</summary>
    public static int Tokens(int frames, int width, int height, int factor = 28, int wrapperTokens = 2)
    {
        int grid = FrameSizing(frames, factor).Estimate(width, height, null).Patches ?? 0;
        return checked((((frames + FrameFactor - 1) / FrameFactor) * grid) + wrapperTokens);
    }
}
