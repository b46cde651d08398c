namespace VisionPS.Imaging;

/// <summary>Checks shared by the header readers.</summary>
internal static class HeaderChecks
{
    /// <summary>Throws <see cref="HeaderCorruptException"/> unless both dimensions are in 1..<paramref name="maximum"/>.</summary>
    /// <param name="width">Width as read (widened so negative and oversized values can be reported as they are).</param>
    /// <param name="height">Height as read.</param>
    /// <param name="maximum">The largest value the format allows.</param>
    /// <param name="where">The header the values came from ("IHDR chunk").</param>
    public static void Dimensions(long width, long height, long maximum, string where)
    {
        if (width < 1 || height < 1 || width > maximum || height > maximum)
        {
            throw new HeaderCorruptException($"the {where} gives an image size of {width}x{height} (each side must be 1 to {maximum})");
        }
    }
}
