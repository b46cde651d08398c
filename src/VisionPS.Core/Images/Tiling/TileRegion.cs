using System.Globalization;

namespace VisionPS.Core.Images.Tiling;

/// <summary>One tile: a rectangle of the upright image, in its pixels, and where it sits among the others.</summary>
/// <param name="Number">1-based, in reading order (left to right, then top to bottom).</param>
/// <param name="Count">How many tiles the image became.</param>
/// <param name="X">Left edge in the upright image's pixels.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width in source pixels, overlap included.</param>
/// <param name="Height">Height in source pixels, overlap included.</param>
public sealed record TileRegion(int Number, int Count, int X, int Y, int Width, int Height)
{
    /// <summary>
    /// The text sent right before the tile, so the model knows what it is looking at and can join the parts:
    /// "receipt.png, part 2 of 5 (overlapping), rows 1,801-3,700 of 8,000".
    /// </summary>
    /// <param name="name">The image's name as the model should see it (a file name, not a full path).</param>
    /// <param name="imageWidth">The whole upright image's width.</param>
    /// <param name="imageHeight">The whole upright image's height.</param>
    public string Label(string name, int imageWidth, int imageHeight)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{name}, part {Number} of {Count} (overlapping)");
        if (Height < imageHeight)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", rows {Y + 1:N0}-{Y + Height:N0} of {imageHeight:N0}");
        }

        if (Width < imageWidth)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", columns {X + 1:N0}-{X + Width:N0} of {imageWidth:N0}");
        }

        return text;
    }
}
