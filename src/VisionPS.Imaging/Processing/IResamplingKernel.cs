namespace VisionPS.Imaging.Processing;

/// <summary>A symmetric reconstruction filter, evaluated in source-pixel units at scale 1.</summary>
internal interface IResamplingKernel
{
    /// <summary>Half-width of the support: the value is zero for |x| ≥ Radius.</summary>
    double Radius { get; }

    double GetValue(double x);
}
