namespace VisionPS.Imaging.Processing;

/// <summary>
/// The weights for one axis, computed once: for each destination index, the first source index and the normalised
/// weights of the consecutive source samples it reads.
/// </summary>
/// <remarks>
/// Pixel centres line up (source position = (destination + 0.5) · scale − 0.5); when shrinking, the kernel is stretched
/// by the scale so every source pixel contributes (antialiasing). Taps past an edge read the edge pixel (clamp to edge),
/// so their weight is folded onto it.
/// </remarks>
internal sealed class ResamplingKernelMap
{
    private readonly int[] starts;
    private readonly int[] lengths;
    private readonly float[] weights;

    private ResamplingKernelMap(int[] starts, int[] lengths, float[] weights, int stride)
    {
        this.starts = starts;
        this.lengths = lengths;
        this.weights = weights;
        Stride = stride;
    }

    /// <summary>Room reserved per destination index in the weight array (the most taps any index uses).</summary>
    public int Stride { get; }

    public int DestinationLength => starts.Length;

    public int Start(int destination) => starts[destination];

    public int Length(int destination) => lengths[destination];

    /// <summary>The weights of source samples Start(d) .. Start(d) + Length(d) − 1.</summary>
    public ReadOnlySpan<float> Weights(int destination) => weights.AsSpan(destination * Stride, lengths[destination]);

    public static ResamplingKernelMap Create<TKernel>(TKernel kernel, int sourceLength, int destinationLength)
        where TKernel : IResamplingKernel
    {
        double scale = (double)sourceLength / destinationLength;
        double stretch = Math.Max(scale, 1);
        double radius = kernel.Radius * stretch;

        // The clamped window can never be wider than the source, so this bounds memory by the source size too.
        int stride = (int)Math.Min(Math.Ceiling(radius * 2) + 1, sourceLength);
        var starts = new int[destinationLength];
        var lengths = new int[destinationLength];
        var weights = new float[checked(destinationLength * stride)];
        var sums = new double[stride];
        for (int d = 0; d < destinationLength; d++)
        {
            double centre = ((d + 0.5) * scale) - 0.5;
            int left = (int)Math.Ceiling(centre - radius);
            int right = (int)Math.Floor(centre + radius);
            int first = Math.Clamp(left, 0, sourceLength - 1);
            int last = Math.Clamp(right, 0, sourceLength - 1);
            int length = last - first + 1;
            Array.Clear(sums, 0, length);
            double total = 0;
            for (int s = left; s <= right; s++)
            {
                double weight = kernel.GetValue((s - centre) / stretch);
                sums[Math.Clamp(s, first, last) - first] += weight;
                total += weight;
            }

            if (Math.Abs(total) < 1e-12)
            {
                // Cannot happen with the kernels here (the tap nearest the centre is always weighted); read the nearest pixel.
                Array.Clear(sums, 0, length);
                sums[Math.Clamp((int)Math.Round(centre), first, last) - first] = 1;
                total = 1;
            }

            Span<float> row = weights.AsSpan(d * stride, length);
            for (int i = 0; i < length; i++)
            {
                row[i] = (float)(sums[i] / total);
            }

            starts[d] = first;
            lengths[d] = length;
        }

        return new ResamplingKernelMap(starts, lengths, weights, stride);
    }
}
