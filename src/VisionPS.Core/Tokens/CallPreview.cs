using System.Globalization;
using System.Text;
using VisionPS.Core.Chat;

namespace VisionPS.Core.Tokens;

/// <summary>What the cmdlets say about a request before sending it: -WhatIf text, warnings, the -MaxCost figure.</summary>
public static class CallPreview
{
    /// <summary>The platforms' advice (OpenAI, DashScope): more images per request make answers less reliable.</summary>
    public const int AdvisedImagesPerRequest = 2;

    /// <summary>
    /// Refuses a call with more images (history included) than the catalog says the provider accepts, before sending.
    /// </summary>
    public static void CheckImageLimit(ChatCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        // What the provider decodes as images: image_url parts (a video part is a video, limited apart).
        int images = call.Request.Messages.Sum(m => m.Content.Parts?.Count(p => p.ImageUrl is not null) ?? 0);
        if (call.ModelInfo?.MaxImagesPerRequest is { } limit && images > limit)
        {
            throw new Diagnostics.VisionArgumentException(
                Diagnostics.ErrorIds.TooManyImages,
                $"This request carries {images} images, but {call.Request.Model} accepts at most {limit} per request (model catalog); nothing was sent.",
                $"Send at most {limit} images per request: leave out -SingleRequest, or start a new conversation instead of continuing a long one.");
        }
    }

    /// <summary>The -WhatIf description: model, each image's prepared size and estimated tokens, the total and cost.</summary>
    public static string Describe(ChatCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        CallEstimate estimate = call.Estimate;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Send a request to {call.Request.Model} at {call.BaseUrl}");
        foreach (ImageEstimate image in estimate.Images)
        {
            string size = image.Width is { } w ? $"{w}x{image.Height}" : "size unknown (URL)";
            string tokens = image.Tokens is { } t ? $"~{t:N0} tokens" : "tokens unknown";
            text.Append(CultureInfo.InvariantCulture, $"\n  {image.Source}: {size}, detail {image.Detail ?? "(default)"}, {tokens} ({image.Rule}{(image.IsFallback ? ", fallback rule" : string.Empty)})");
        }

        foreach (ImagePart page in call.Images.Where(i => !i.HasImage))
        {
            // Counted in the text tokens below, like every text part.
            text.Append(CultureInfo.InvariantCulture, $"\n  {page.Source}: text only, ~{PromptEstimator.TextTokens(page.Caption):N0} tokens of text");
        }

        string prompt = estimate.PromptTokens is { } p ? $"~{p:N0} prompt tokens" : "prompt tokens unknown";
        string cost = estimate.PromptCost is { } c ? $", prompt ~{c}" : ", cost unknown (no catalog price)";
        text.Append(CultureInfo.InvariantCulture, $"\n  Estimate: {prompt} ({estimate.TextTokens:N0} of text){cost}.");
        return text.ToString();
    }

    /// <summary>Warnings worth showing before sending: a model the catalog says is blind, a prompt over the context.</summary>
    public static IEnumerable<string> Warnings(ChatCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.ModelInfo?.Vision == false && call.Estimate.Images.Count > 0)
        {
            yield return $"The model catalog says {call.Request.Model} cannot see images; the provider will probably refuse this request.";
        }

        // The tiles of one split document (-Tile), the pages of one PDF and the frames of one video are one image to the
        // reader: labelled, meant to be read together. Counted by what they came from (Origin).
        IEnumerable<ImagePart> parts = call.Images.Where(i => i.Label is not null);
        int images = call.Estimate.Images.Count - (parts.Count() - parts.Select(i => i.Origin ?? i.Source).Distinct().Count());
        if (images > AdvisedImagesPerRequest)
        {
            yield return $"This request to {call.Request.Model} carries {images} images; the platforms advise at most {AdvisedImagesPerRequest} per request for reliable answers. Send fewer at once, or one request per image.";
        }

        if (call.Estimate is { PromptTokens: { } prompt, ContextLength: { } context } && prompt > context)
        {
            yield return $"The estimated prompt ({prompt:N0} tokens) is longer than {call.Request.Model}'s context ({context:N0} tokens); send fewer or smaller images, or use -Detail low.";
        }
    }

    /// <summary>
    /// The most this request should cost: the estimated prompt, plus <paramref name="maxTokens"/> answer tokens at the
    /// output price when a limit was set. Null when the catalog has no price or the prompt estimate is unknown.
    /// </summary>
    public static Cost? CostCeiling(ChatCall call, int? maxTokens)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.ModelInfo?.Price is not { } price || call.Estimate.PromptTokens is not { } prompt)
        {
            return null;
        }

        return new Cost(price.Cost(prompt, maxTokens ?? 0), price.Currency);
    }
}
