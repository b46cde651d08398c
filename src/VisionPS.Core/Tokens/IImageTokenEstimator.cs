namespace VisionPS.Core.Tokens;

/// <summary>Estimates, before sending, how many prompt tokens one image will cost under a model's published rule.</summary>
public interface IImageTokenEstimator
{
    /// <summary>The rule's name as the catalog spells it, e.g. <c>openai-tiles</c>.</summary>
    string Rule { get; }

    /// <summary>Tokens for one image.</summary>
    /// <param name="width">Width of the image as sent (already upright), in pixels.</param>
    /// <param name="height">Height of the image as sent, in pixels.</param>
    /// <param name="detail">The request's <c>detail</c> (null when omitted; auto, low, high or a newer level).</param>
    ImageTokenEstimate Estimate(int width, int height, string? detail);
}
