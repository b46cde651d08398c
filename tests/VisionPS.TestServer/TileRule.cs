namespace VisionPS.TestServer;

/// <summary>
/// OpenAI tile counting (vision-api-facts §2.1). detail "low" costs <see cref="BaseTokens"/>.
/// Otherwise (high, auto, original or omitted): fit inside 2048×2048 keeping the aspect ratio, then
/// scale so the shortest side is 768 if it is longer than 768 (never enlarge);
/// tokens = base + tile × ceil(w/512) × ceil(h/512).
/// Each scaling step sets the constrained side exactly (2048 or 768) and floors the other side to
/// whole pixels, as OpenAI's published cookbook code does (int truncation).
/// Worked examples (gpt-4o, 85/170): 1024×1024 → 765; 2048×4096 → 1105; 1920×1080 → 1105; 512×512 → 255.
/// URL images (size unknown): <see cref="BaseTokens"/>.
/// </summary>
public sealed record TileRule(int BaseTokens, int TileTokens) : ImageTokenRule
{
    /// <inheritdoc/>
    public override int CountTokens(int width, int height, string? detail)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (detail == "low")
        {
            return BaseTokens;
        }

        (long w, long h) = ScaledSize(width, height);
        long tiles = CeilDiv(w, 512) * CeilDiv(h, 512);
        return checked((int)(BaseTokens + (TileTokens * tiles)));
    }

    /// <inheritdoc/>
    public override int CountUrlTokens(string? detail) => BaseTokens;

    /// <summary>The size the tiles are counted on, after both scaling steps.</summary>
    public static (long Width, long Height) ScaledSize(int width, int height)
    {
        long w = width, h = height;
        if (w > 2048 || h > 2048)
        {
            if (w >= h)
            {
                h = Math.Max(1, h * 2048 / w);
                w = 2048;
            }
            else
            {
                w = Math.Max(1, w * 2048 / h);
                h = 2048;
            }
        }

        if (Math.Min(w, h) > 768)
        {
            if (w >= h)
            {
                w = w * 768 / h;
                h = 768;
            }
            else
            {
                h = h * 768 / w;
                w = 768;
            }
        }

        return (w, h);
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
