namespace VisionPS.Imaging.Processing;

/// <summary>Lanczos-3: sinc windowed by a sinc three times wider (ImageMagick's <c>-filter Lanczos</c>).</summary>
internal readonly struct LanczosKernel : IResamplingKernel
{
    private const double Lobes = 3;

    public double Radius => Lobes;

    public double GetValue(double x)
    {
        x = Math.Abs(x);
        return x >= Lobes ? 0 : Sinc(x) * Sinc(x / Lobes);
    }

    private static double Sinc(double x)
    {
        if (x < 1e-8)
        {
            return 1;
        }

        double pix = Math.PI * x;
        return Math.Sin(pix) / pix;
    }
}
