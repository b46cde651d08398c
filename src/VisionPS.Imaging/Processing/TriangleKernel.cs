namespace VisionPS.Imaging.Processing;

/// <summary>Linear interpolation (tent), radius 1: bilinear when enlarging, an area-like average when shrinking.</summary>
internal readonly struct TriangleKernel : IResamplingKernel
{
    public double Radius => 1;

    public double GetValue(double x)
    {
        x = Math.Abs(x);
        return x >= 1 ? 0 : 1 - x;
    }
}
