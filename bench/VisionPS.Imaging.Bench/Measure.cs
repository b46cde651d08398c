using System.Diagnostics;

namespace VisionPS.Imaging.Bench;

/// <summary>Times several contenders on the same work, interleaved round by round so machine noise hits them alike.</summary>
internal static class Measure
{
    public static IReadOnlyList<(string Name, double MedianMs)> Interleaved(int rounds, params (string Name, Action Run)[] contenders)
    {
        foreach (var (_, run) in contenders)
        {
            run(); // warm-up: JIT, page cache, process images
        }

        var times = contenders.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < contenders.Length; c++)
            {
                var watch = Stopwatch.StartNew();
                contenders[c].Run();
                times[c].Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return contenders.Select((c, i) => (c.Name, Median(times[i]))).ToArray();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
