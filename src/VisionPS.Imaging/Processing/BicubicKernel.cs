namespace VisionPS.Imaging.Processing;

/// <summary>
/// Mitchell–Netravali family of cubics, radius 2, with parameters B and C
/// (Mitchell B = C = 1/3, as ImageMagick's <c>-filter Mitchell</c>; Catmull-Rom B = 0, C = 1/2).
/// </summary>
internal readonly struct BicubicKernel : IResamplingKernel
{
    private readonly double p0, p2, p3, q0, q1, q2, q3;

    public BicubicKernel(double b, double c)
    {
        p0 = (6 - (2 * b)) / 6;
        p2 = (-18 + (12 * b) + (6 * c)) / 6;
        p3 = (12 - (9 * b) - (6 * c)) / 6;
        q0 = ((8 * b) + (24 * c)) / 6;
        q1 = ((-12 * b) - (48 * c)) / 6;
        q2 = ((6 * b) + (30 * c)) / 6;
        q3 = (-b - (6 * c)) / 6;
    }

    public static BicubicKernel Mitchell => new(1.0 / 3, 1.0 / 3);

    public static BicubicKernel CatmullRom => new(0, 0.5);

    public double Radius => 2;

    public double GetValue(double x)
    {
        x = Math.Abs(x);
        if (x < 1)
        {
            return p0 + (x * x * (p2 + (x * p3)));
        }

        return x < 2 ? q0 + (x * (q1 + (x * (q2 + (x * q3))))) : 0;
    }
}
