namespace VisionPS.Imaging.Jpeg;

/// <summary>Chooses the IDCT scaling (1/1, 1/2, 1/4, 1/8) from the smallest size the caller accepts.</summary>
internal static class JpegScale
{
    /// <summary>
    /// The largest denominator in {1, 2, 4, 8} for which ceil(width/s) and ceil(height/s) both stay at or above the
    /// minimums (0 = no constraint on that side; both 0 = full size).
    /// </summary>
    public static int ChooseDenominator(int width, int height, int minimumWidth, int minimumHeight)
    {
        if (minimumWidth <= 0 && minimumHeight <= 0)
        {
            return 1;
        }

        for (int s = 8; s > 1; s /= 2)
        {
            if (JpegFrame.DivCeil(width, s) >= minimumWidth && JpegFrame.DivCeil(height, s) >= minimumHeight)
            {
                return s;
            }
        }

        return 1;
    }
}
