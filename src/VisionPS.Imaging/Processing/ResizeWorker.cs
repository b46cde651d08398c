using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VisionPS.Imaging.Processing;

/// <summary>
/// One resize: filters each needed source row horizontally, then adds it, weighted, into every destination row whose
/// vertical window contains it; a destination row is written once its last source row has been added.
/// </summary>
/// <remarks>
/// Working this way round keeps only a few destination rows in flight when shrinking (about 2 × kernel radius + 1,
/// whatever the factor) instead of a whole intermediate image. Bands of destination rows are independent, so they run in
/// parallel; each band gives the same bytes whichever thread runs it.
/// </remarks>
internal sealed class ResizeWorker
{
    private readonly PixelBuffer source;
    private readonly PixelBuffer destination;
    private readonly ResamplingKernelMap horizontal;
    private readonly ResamplingKernelMap vertical;
    private readonly bool premultiply;

    public ResizeWorker(PixelBuffer source, PixelBuffer destination, ResamplingKernelMap horizontal, ResamplingKernelMap vertical, bool premultiply)
    {
        this.source = source;
        this.destination = destination;
        this.horizontal = horizontal;
        this.vertical = vertical;
        this.premultiply = premultiply;
    }

    /// <summary>Writes destination rows <paramref name="firstRow"/> .. <paramref name="endRow"/> − 1.</summary>
    public void RunBand(int firstRow, int endRow)
    {
        int width = destination.Width;
        var sourcePixels = new Vector128<float>[source.Width];
        var filtered = new Vector128<float>[width];
        var open = new Queue<(int Row, Vector128<float>[] Sums)>();
        var spare = new Stack<Vector128<float>[]>();

        int nextToOpen = firstRow;
        int lastSourceRow = vertical.Start(endRow - 1) + vertical.Length(endRow - 1) - 1;
        for (int sy = vertical.Start(firstRow); sy <= lastSourceRow; sy++)
        {
            while (nextToOpen < endRow && vertical.Start(nextToOpen) <= sy)
            {
                Vector128<float>[] sums = spare.Count > 0 ? spare.Pop() : new Vector128<float>[width];
                Array.Clear(sums);
                open.Enqueue((nextToOpen++, sums));
            }

            if (open.Count == 0)
            {
                continue;
            }

            ResamplingRowConverter.Load(source.GetRow(sy), source.Layout, premultiply, sourcePixels);
            FilterRow(sourcePixels, filtered);
            Span<float> filteredSamples = MemoryMarshal.Cast<Vector128<float>, float>(filtered.AsSpan());
            foreach ((int row, Vector128<float>[] sums) in open)
            {
                AddScaled(MemoryMarshal.Cast<Vector128<float>, float>(sums.AsSpan()), filteredSamples, vertical.Weights(row)[sy - vertical.Start(row)]);
            }

            while (open.Count > 0 && vertical.Start(open.Peek().Row) + vertical.Length(open.Peek().Row) - 1 == sy)
            {
                (int row, Vector128<float>[] sums) = open.Dequeue();
                ResamplingRowConverter.Store(sums, destination.Layout, premultiply, destination.GetRow(row));
                spare.Push(sums);
            }
        }
    }

    private void FilterRow(ReadOnlySpan<Vector128<float>> pixels, Span<Vector128<float>> filtered)
    {
        for (int x = 0; x < filtered.Length; x++)
        {
            ReadOnlySpan<Vector128<float>> window = pixels.Slice(horizontal.Start(x), horizontal.Length(x));
            ReadOnlySpan<float> weights = horizontal.Weights(x);
            ref Vector128<float> pixel = ref MemoryMarshal.GetReference(window);
            ref float weight = ref MemoryMarshal.GetReference(weights);

            // Two running sums halve the chain of dependent additions, which is what limits this loop.
            Vector128<float> even = Vector128<float>.Zero, odd = Vector128<float>.Zero;
            int i = 0;
            for (; i + 1 < window.Length; i += 2)
            {
                even += Unsafe.Add(ref pixel, i) * Unsafe.Add(ref weight, i);
                odd += Unsafe.Add(ref pixel, i + 1) * Unsafe.Add(ref weight, i + 1);
            }

            if (i < window.Length)
            {
                even += Unsafe.Add(ref pixel, i) * Unsafe.Add(ref weight, i);
            }

            filtered[x] = even + odd;
        }
    }

    private static void AddScaled(Span<float> sums, ReadOnlySpan<float> values, float weight)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && sums.Length >= Vector<float>.Count)
        {
            var w = new Vector<float>(weight);
            Span<Vector<float>> sumVectors = MemoryMarshal.Cast<float, Vector<float>>(sums);
            ReadOnlySpan<Vector<float>> valueVectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (int v = 0; v < sumVectors.Length; v++)
            {
                sumVectors[v] += valueVectors[v] * w;
            }

            i = sumVectors.Length * Vector<float>.Count;
        }

        for (; i < sums.Length; i++)
        {
            sums[i] += values[i] * weight;
        }
    }
}
