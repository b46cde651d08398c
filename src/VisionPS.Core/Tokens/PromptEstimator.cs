using System.Text;
using VisionPS.Core.Images;
using VisionPS.Imaging;
using VisionPS.Core.Models;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Tokens;

/// <summary>
/// Estimates a request's prompt tokens before sending: each image by its model's rule (catalog), text by
/// ceil(UTF-8 bytes / 4) plus OpenAI's documented per-message (3) and per-request (3) overheads.
/// </summary>
public static class PromptEstimator
{
    public const int RequestOverhead = 3;
    public const int MessageOverhead = 3;

    /// <param name="request">The request as it will be sent (images in history included).</param>
    /// <param name="model">The catalog entry; null for a model the catalog does not know (fallback rule).</param>
    /// <param name="currentImages">The parts built for this request, whose sizes are known without decoding.</param>
    /// <param name="earlierImages">The images of the earlier messages as they were sent, in order, so they need no decoding.</param>
    public static CallEstimate Estimate(ChatRequest request, ModelInfo? model, IReadOnlyList<ImagePart> currentImages, IReadOnlyList<SentImage>? earlierImages = null)
    {
        int earlier = 0;
        ArgumentNullException.ThrowIfNull(request);
        IImageTokenEstimator estimator = ImageTokenEstimators.Create(model?.ImageTokens ?? ImageTokenRuleSpec.Unknown);
        var images = new List<ImageEstimate>();
        int text = RequestOverhead;
        for (int m = 0; m < request.Messages.Count; m++)
        {
            MessageContent content = request.Messages[m].Content;
            text += MessageOverhead + BytesToTokens(TextBytes(content));

            // The last message carries this call's images, in order; earlier ones are history.
            bool current = m == request.Messages.Count - 1;
            int index = 0;
            foreach (ContentPart part in content.Parts ?? [])
            {
                if (part.ImageUrl is { } image)
                {
                    ImagePart? known = current && index < currentImages.Count ? currentImages[index] : null;
                    SentImage? sent = !current && earlierImages is not null && earlier < earlierImages.Count ? earlierImages[earlier++] : null;
                    images.Add(sent is not null ? EstimateImage(image, sent.Source, sent.Width, sent.Height, estimator) : EstimateImage(image, known, estimator));
                    index++;
                }
                else if (part.Video is { } frames)
                {
                    images.AddRange(EstimateVideo(frames, current ? currentImages.Skip(index).Take(frames.Count).ToArray() : [], estimator));
                    index += frames.Count;
                }
                else if (part.VideoUrl is { } video)
                {
                    // One estimate for the whole clip; the frames read from it stand for it and were not sent.
                    Images.VideoClip? clip = current && index < currentImages.Count ? currentImages[index].Video : null;
                    while (clip is not null && index < currentImages.Count && currentImages[index].Video == clip)
                    {
                        index++;
                    }

                    images.Add(EstimateVideoUrl(video, clip, estimator));
                }
            }
        }

        int? prompt = images.Any(i => i.Tokens is null) ? null : text + images.Sum(i => i.Tokens!.Value);
        return new CallEstimate
        {
            Model = request.Model,
            Images = images,
            TextTokens = text,
            ContextLength = model?.ContextLength,
            PromptCost = model?.Price is { } price && prompt is { } tokens ? new Cost(price.Cost(tokens, 0), price.Currency) : null,
        };
    }

    /// <summary>The cost of reported usage at the catalog price; null without a price or usage.</summary>
    public static Cost? ActualCost(ModelInfo? model, TokenUsage? usage) =>
        model?.Price is { } price && usage is not null
            ? new Cost(price.Cost(usage.PromptTokens, usage.CompletionTokens), price.Currency)
            : null;

    private static ImageEstimate EstimateImage(ImageUrl image, ImagePart? known, IImageTokenEstimator estimator)
    {
        (string source, int? width, int? height) = known is not null ? (known.Source, known.Width, known.Height) : Describe(image);
        return EstimateImage(image, source, width, height, estimator);
    }

    private static ImageEstimate EstimateImage(ImageUrl image, string source, int? width, int? height, IImageTokenEstimator estimator)
    {
        int? tokens = null;
        bool fallback = false;
        if (width is { } w && height is { } h)
        {
            try
            {
                ImageTokenEstimate estimate = estimator.Estimate(w, h, image.Detail);
                (tokens, fallback) = (estimate.Tokens, estimate.IsFallback);
            }
            catch (ArgumentException)
            {
                // The rule refuses the image (e.g. Qwen beyond 200:1); the provider will say so. The estimate stays unknown.
            }
        }

        return new ImageEstimate(source, width, height, image.Detail, tokens, estimator.Rule, fallback);
    }

    /// <summary>
    /// A whole video (video_url) under a Qwen rule: the server samples it as qwen-vl-utils does (<see cref="QwenVideoRule"/>:
    /// 2 frames a second, an even count, the video pixel budget), so the estimate comes from the clip's frame count, rate
    /// and size (ffprobe). Unknown (null) under any other rule, for a URL (never fetched here) or without those facts.
    /// </summary>
    private static ImageEstimate EstimateVideoUrl(VideoUrl video, Images.VideoClip? clip, IImageTokenEstimator estimator)
    {
        int? tokens = null;
        if (estimator is QwenSmartResizeEstimator qwen && clip is { Width: { } w, Height: { } h }
            && QwenVideoRule.SampledFrames(clip.FrameCount, clip.FrameRate, clip.Duration) is { } frames)
        {
            try
            {
                tokens = QwenVideoRule.Tokens(frames, w, h, qwen.Factor, qwen.WrapperTokens);
            }
            catch (ArgumentException)
            {
                // Refused by the rule (beyond 200:1): the estimate stays unknown, as for an image.
            }
        }

        return new ImageEstimate(clip?.Name ?? video.Url, clip?.Width, clip?.Height, null, tokens, QwenVideoRule.RuleName, false);
    }

    /// <summary>
    /// A video part of frame images, by Qwen2-VL/Qwen2.5-VL's rule (vision-api-facts §2.3, §7; HF preprocessor_config
    /// temporal_patch_size 2, qwen-vl-utils FRAME_FACTOR 2): the frames are padded to an even count and merged in pairs,
    /// so a video costs ceil(n/2) × (h'/28)·(w'/28) visual tokens, each frame sized by smart_resize within the video
    /// pixel budget (<see cref="QwenVideoRule.FrameSizing"/>, not the image limits), plus one
    /// &lt;|vision_start|&gt;/&lt;|vision_end|&gt; pair. Each pair's tokens go on its first frame, the wrapper on the very first,
    /// so the frames' estimates add up to the video's. Unknown (null) under any other rule or without the frames' sizes.
    /// </summary>
    private static IEnumerable<ImageEstimate> EstimateVideo(IReadOnlyList<string> frames, IReadOnlyList<ImagePart> known, IImageTokenEstimator estimator)
    {
        for (int f = 0; f < frames.Count; f++)
        {
            ImagePart? frame = f < known.Count ? known[f] : null;
            int? tokens = null;
            if (estimator is QwenSmartResizeEstimator qwen && frame is { Width: { } w, Height: { } h })
            {
                try
                {
                    int visual = QwenVideoRule.FrameSizing(frames.Count, qwen.Factor).Estimate(w, h, null).Patches ?? 0;
                    tokens = (f % 2 == 0 ? visual : 0) + (f == 0 ? qwen.WrapperTokens : 0);
                }
                catch (ArgumentException)
                {
                    // Refused by the rule (beyond 200:1): the estimate stays unknown, as for an image.
                }
            }

            yield return new ImageEstimate(frame?.Source ?? "(video frame)", frame?.Width, frame?.Height, null, tokens, estimator.Rule, false);
        }
    }

    private static (string Source, int? Width, int? Height) Describe(ImageUrl image)
    {
        if (!image.Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return (image.Url, null, null);
        }

        // An image from earlier in the conversation: its size is in its header. Displayed size, as it was sent upright.
        try
        {
            ImageInfo info = DefaultImageEngine.Instance.Identify(DataUrl.Decode(image.Url), null);
            return ("(earlier image)", info.DisplayWidth, info.DisplayHeight);
        }
        catch (Exception e) when (e is ImageFormatException or FormatException or Diagnostics.VisionArgumentException)
        {
            return ("(earlier image)", null, null);
        }
    }

    private static int BytesToTokens(int bytes) => (bytes + 3) / 4;

    /// <summary>One text part's tokens by the same rule as the request's text (without the message overheads).</summary>
    public static int TextTokens(string? text) => text is null ? 0 : BytesToTokens(Encoding.UTF8.GetByteCount(text));

    // The text parts' bytes added up (nothing between them): with a label before every tile, a separator per part
    // would count a token too many for every fourth tile.
    private static int TextBytes(MessageContent content) =>
        content.Text is { } text ? Encoding.UTF8.GetByteCount(text) : (content.Parts ?? []).Sum(p => p.Text is null ? 0 : Encoding.UTF8.GetByteCount(p.Text));
}
