using System.Runtime.CompilerServices;
namespace VisionPS.Imaging.Jpeg;

/// <summary>
/// Brings one component's plane to output resolution, one output row at a time, the way libjpeg(-turbo) does by
/// default: triangle ("fancy") filters for 2:1 horizontal, 2:1 vertical and 2:1 both ways (when blocks are larger
/// than 1x1), plain replication for every other integer ratio. Edge samples are repeated past the real width and height.
/// </summary>
internal sealed class JpegUpsampler
{
    private enum Mode
    {
        Direct,
        Replicate,
        H2V1Fancy,
        H1V2Fancy,
        H2V2Fancy,
    }

    private readonly JpegComponent component;
    private readonly int outputWidth;
    private readonly int expandH;
    private readonly int expandV;
    private readonly Mode mode;
    private readonly byte[] row;
    private readonly int[] columnSums;

    public JpegUpsampler(JpegComponent component, int outputWidth, int expandH, int expandV, bool fancyAllowed)
    {
        this.component = component;
        this.outputWidth = outputWidth;
        this.expandH = expandH;
        this.expandV = expandV;
        bool wide = component.SampleWidth > 2;
        mode = (expandH, expandV) switch
        {
            (1, 1) => Mode.Direct,
            (2, 1) when fancyAllowed && wide => Mode.H2V1Fancy,
            (1, 2) when fancyAllowed => Mode.H1V2Fancy,
            (2, 2) when fancyAllowed && wide => Mode.H2V2Fancy,
            _ => Mode.Replicate,
        };
        row = mode == Mode.Direct ? [] : new byte[Math.Max(outputWidth, 2 * component.SampleWidth)];
        columnSums = mode == Mode.H2V2Fancy ? new int[component.SampleWidth] : [];
    }

    /// <summary>Output row <paramref name="y"/>: at least the output width's samples.</summary>
    [MethodImpl(HotPath.Options)]
    public ReadOnlySpan<byte> GetRow(int y)
    {
        switch (mode)
        {
            case Mode.Direct:
                return PlaneRow(y)[..outputWidth];
            case Mode.H2V1Fancy:
                H2V1(PlaneRow(y));
                break;
            case Mode.H1V2Fancy:
                H1V2(y);
                break;
            case Mode.H2V2Fancy:
                H2V2(y);
                break;
            default:
                Replicate(PlaneRow(y / expandV));
                break;
        }

        return row;
    }

    [MethodImpl(HotPath.Options)]
    private ReadOnlySpan<byte> PlaneRow(int y) => component.Plane.AsSpan(y * component.PlaneStride, component.PlaneStride);

    [MethodImpl(HotPath.Options)]
    private void Replicate(ReadOnlySpan<byte> source)
    {
        Span<byte> output = row.AsSpan(0, outputWidth);
        int e = expandH;
        if (e == 1)
        {
            source[..outputWidth].CopyTo(output);
            return;
        }

        for (int x = 0; x < output.Length; x++)
        {
            output[x] = source[x / e];
        }
    }

    [MethodImpl(HotPath.Options)]
    private void H2V1(ReadOnlySpan<byte> source)
    {
        int last = component.SampleWidth - 1;
        Span<byte> output = row.AsSpan(0, 2 * (last + 1));
        source = source[..(last + 1)];
        for (int i = 0; i <= last; i++)
        {
            int center = source[i] * 3;
            output[2 * i] = (byte)((center + source[Math.Max(i - 1, 0)] + 1) >> 2);
            output[(2 * i) + 1] = (byte)((center + source[Math.Min(i + 1, last)] + 2) >> 2);
        }
    }

    // The nearer input row counts 3/4, the other 1/4; rows above the first and below the last repeat them.
    [MethodImpl(HotPath.Options)]
    private int FarRow(int y)
    {
        int r = y >> 1;
        return (y & 1) == 0 ? Math.Max(r - 1, 0) : Math.Min(r + 1, component.SampleHeight - 1);
    }

    [MethodImpl(HotPath.Options)]
    private void H1V2(int y)
    {
        ReadOnlySpan<byte> near = PlaneRow(y >> 1);
        ReadOnlySpan<byte> far = PlaneRow(FarRow(y));
        int bias = (y & 1) == 0 ? 1 : 2;
        Span<byte> output = row.AsSpan(0, outputWidth);
        near = near[..outputWidth];
        far = far[..outputWidth];
        for (int x = 0; x < output.Length; x++)
        {
            output[x] = (byte)(((near[x] * 3) + far[x] + bias) >> 2);
        }
    }

    [MethodImpl(HotPath.Options)]
    private void H2V2(int y)
    {
        ReadOnlySpan<byte> near = PlaneRow(y >> 1);
        ReadOnlySpan<byte> far = PlaneRow(FarRow(y));
        int last = component.SampleWidth - 1;
        Span<int> sums = columnSums.AsSpan(0, last + 1);
        near = near[..(last + 1)];
        far = far[..(last + 1)];
        Span<byte> output = row.AsSpan(0, 2 * (last + 1));
        int vectorEnd = JpegSimd.UseAvx2 ? JpegUpsamplerAvx2.H2V2Interior(near, far, output) : 1;

        // The scalar code does column 0 and columns vectorEnd to the last, from the column sums around them.
        for (int i = 0; i <= Math.Min(1, last); i++)
        {
            sums[i] = (near[i] * 3) + far[i];
        }

        for (int i = Math.Max(vectorEnd - 1, 2); i <= last; i++)
        {
            sums[i] = (near[i] * 3) + far[i];
        }

        for (int i = 0; i <= last; i = i == 0 ? vectorEnd : i + 1)
        {
            int center = sums[i] * 3;
            output[2 * i] = (byte)((center + sums[Math.Max(i - 1, 0)] + 8) >> 4);
            output[(2 * i) + 1] = (byte)((center + sums[Math.Min(i + 1, last)] + 7) >> 4);
        }
    }
}
