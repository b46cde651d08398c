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
///                         ceil(n/2) · (h'/28)·(w'/28) + 2, each frame smart-resized like an image
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
        => image.VideoFrame is { } frame && rule is QwenRule qwen
            ? VideoFrameTokens(qwen, image, frame)
            : image.IsUrl ? rule.CountUrlTokens(image.Detail) : rule.CountTokens(image.Width!.Value, image.Height!.Value, image.Detail);

    // A frame pair costs one frame's grid (the pair's first frame carries it, an odd last frame is padded into a pair);
    // the video's one wrapper pair goes on its first frame.
    private static int VideoFrameTokens(QwenRule qwen, ExpectedImage image, int frame)
    {
        (int w, int h) = qwen.SmartResize(image.Width!.Value, image.Height!.Value);
        return (frame % 2 == 0 ? (w / QwenRule.Factor) * (h / QwenRule.Factor) : 0) + (frame == 0 ? QwenRule.WrapperTokens : 0);
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
