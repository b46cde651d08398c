using System.Text;

namespace VisionPS.TestServer;

/// <summary>
/// The server's token arithmetic. It is not a tokenizer; it is a simple, documented rule that lets
/// client tests predict <c>usage</c> exactly:
/// <code>
/// prompt_tokens     = 3 + Σ over messages ( 3 + ceil(T / 4) + Σ image tokens of the message )
///                     T = UTF-8 bytes of the message's text: its string content, or the sum over its
///                         "text" parts (and an assistant's "refusal" parts); 0 for null content
///                     image tokens = the model's <see cref="ImageTokenRule"/> (TileRule / QwenRule);
///                         http(s) URL images (size unknown): TileRule → base tokens, QwenRule → 256 + 2
///                     a "video" part of n frame images (QwenRule only; temporal patch 2, frames merged in pairs):
///                         ceil(n/2) · (h'/28)·(w'/28) + 2, each frame smart-resized within the video budget:
///                         min 128·28·28, max max(min(768·28·28, 128000·28·28·0.9 / n' · 2), 1.05 · min), n' = n padded to even
///                     a "video_url" part (QwenRule only; qwen-vl-utils sampling): F frames at R fps are sampled as
///                         n = floor2(min(max(F / R · 2, 4), floor2(min(768, F)), F)) frames, then counted as a video
///                         part of n frames of the clip's size; an http(s) URL video (not fetched): 256 + 2
/// completion_tokens = ceil(UTF-8 bytes of the (possibly truncated) answer / 4)
/// total_tokens      = prompt_tokens + completion_tokens
/// prompt_tokens_details.cached_tokens = 0, completion_tokens_details.reasoning_tokens = 0
/// </code>
/// </summary>
public static class TokenCounter
{
    /// <summary>Tokens added once per request ("priming" the reply).</summary>
    public const int RequestOverhead = 3;

    /// <summary>Tokens added per message (role and separators).</summary>
    public const int MessageOverhead = 3;

    /// <summary>ceil(UTF-8 bytes / 4).</summary>
    public static int TextTokens(string text) => BytesToTokens(Encoding.UTF8.GetByteCount(text));

    /// <summary>ceil(<paramref name="utf8Bytes"/> / 4).</summary>
    public static int BytesToTokens(long utf8Bytes) => checked((int)((utf8Bytes + 3) / 4));

    /// <summary>Image tokens of one image under <paramref name="rule"/>.</summary>
    public static int ImageTokens(ImageTokenRule rule, ExpectedImage image)
        => image.VideoFrame is { } frame && rule is QwenRule
            ? VideoFrameTokens(image, frame, image.VideoFrames!.Value)
            : image.IsVideoUrl && !image.IsUrl
                ? VideoUrlTokens(image)
                : image.IsUrl ? rule.CountUrlTokens(image.Detail) : rule.CountTokens(image.Width!.Value, image.Height!.Value, image.Detail);

    // A frame pair costs one frame's grid (the pair's first frame carries it, an odd last frame is padded into a pair);
    // the video's one wrapper pair goes on its first frame.
    private static int VideoFrameTokens(ExpectedImage image, int frame, int frames)
        => (frame % 2 == 0 ? VideoGrid(image.Width!.Value, image.Height!.Value, frames) : 0) + (frame == 0 ? QwenRule.WrapperTokens : 0);

    // The clip sampled as qwen-vl-utils' smart_nframes does, then counted like a video part of that many frames.
    private static int VideoUrlTokens(ExpectedImage clip)
    {
        long total = clip.ClipFrames!.Value;
        double wanted = total / clip.ClipFrameRate!.Value * 2.0;
        long most = Math.Min(768, total) / 2 * 2;
        int n = (int)(Math.Floor(Math.Min(Math.Min(Math.Max(wanted, 4), most), total) / 2) * 2);
        return ((n + 1) / 2 * VideoGrid(clip.Width!.Value, clip.Height!.Value, n)) + QwenRule.WrapperTokens;
    }

    // One frame's (h'/28)·(w'/28) under the video pixel budget for a video of that many frames.
    private static int VideoGrid(int width, int height, int frames)
    {
        const int MinPixels = 128 * 28 * 28;
        int padded = Math.Max(2, (frames + 1) / 2 * 2);
        double max = Math.Max(Math.Min(768 * 28 * 28, 128000.0 * 28 * 28 * 0.9 / padded * 2), Math.Floor(MinPixels * 1.05));
        (int w, int h) = new QwenRule(MinPixels, (int)max).SmartResize(width, height);
        return (w / QwenRule.Factor) * (h / QwenRule.Factor);
    }

    internal static int PromptTokens(ChatRequest request)
    {
        int total = RequestOverhead;
        foreach (ChatMessageInfo message in request.Messages)
        {
            total += MessageOverhead + BytesToTokens(message.TextBytes);
            foreach (ExpectedImage image in message.Images)
            {
                total += ImageTokens(request.Model.Rule, image);
            }
        }

        return total;
    }
}
