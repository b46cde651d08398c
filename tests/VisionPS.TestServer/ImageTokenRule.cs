namespace VisionPS.TestServer;

/// <summary>
/// How a model turns one image into prompt tokens. Two rules exist:
/// <see cref="Tile"/> (OpenAI 512-px tiles, vision-api-facts §2.1) and <see cref="Qwen"/>
/// (Qwen2-VL smart_resize, 28 px per token, §2.3). See README.md for the worked examples.
/// </summary>
public abstract record ImageTokenRule
{
    private protected ImageTokenRule()
    {
    }

    /// <summary>OpenAI tile rule: low → <paramref name="baseTokens"/>; otherwise base + tile × tiles.</summary>
    public static ImageTokenRule Tile(int baseTokens, int tileTokens) => new TileRule(baseTokens, tileTokens);

    /// <summary>Qwen2/2.5-VL rule with the default min_pixels 3136 and max_pixels 12845056.</summary>
    public static ImageTokenRule Qwen { get; } = new QwenRule();

    /// <summary>Tokens for an inline image whose header gave <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <param name="detail">The request's <c>detail</c> value; <c>null</c> when omitted.</param>
    public abstract int CountTokens(int width, int height, string? detail);

    /// <summary>Tokens for an http(s) image URL, whose size the server never learns (it does not fetch URLs).</summary>
    public abstract int CountUrlTokens(string? detail);

    /// <summary>A reason to reject an image of this size for this model, or null.</summary>
    internal virtual string? RejectSize(int width, int height) => null;
}
