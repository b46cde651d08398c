namespace VisionPS.Imaging.Compare;

/// <summary>
/// Where two same-size luma planes differ: pixels whose luma differs by more than <see cref="PixelThreshold"/> mark
/// their 8x8 cell; marked cells that touch (8-connected) form one region; regions of a single cell with few changed
/// pixels are dropped as noise (re-encoding, a shift of one pixel). The boxes are scaled to the reference's size.
/// </summary>
public static class ChangeDetector
{
    /// <summary>The luma difference (of 255) from which a pixel counts as changed.</summary>
    public const double PixelThreshold = 32;

    public const int CellSize = 8;

    /// <summary>Changed pixels a lone cell needs to count as a region.</summary>
    private const int LoneCellMinimum = 8;

    /// <param name="a">The reference at working size.</param>
    /// <param name="b">The difference image at the same working size.</param>
    /// <param name="referenceWidth">The reference's real width, which the boxes are scaled to.</param>
    /// <param name="referenceHeight">The reference's real height.</param>
    public static IReadOnlyList<PixelRegion> Find(LumaPlane a, LumaPlane b, int referenceWidth, int referenceHeight)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException("The planes differ in size.", nameof(b));
        }

        int cols = (a.Width + CellSize - 1) / CellSize;
        int rows = (a.Height + CellSize - 1) / CellSize;
        var counts = new int[cols * rows];
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                if (Math.Abs(a[x, y] - b[x, y]) > PixelThreshold)
                {
                    counts[((y / CellSize) * cols) + (x / CellSize)]++;
                }
            }
        }

        var regions = new List<PixelRegion>();
        var seen = new bool[counts.Length];
        var stack = new Stack<int>();
        for (int start = 0; start < counts.Length; start++)
        {
            if (counts[start] == 0 || seen[start])
            {
                continue;
            }

            int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, cells = 0, changed = 0;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int cell = stack.Pop();
                int cx = cell % cols;
                int cy = cell / cols;
                cells++;
                changed += counts[cell];
                minX = Math.Min(minX, cx);
                minY = Math.Min(minY, cy);
                maxX = Math.Max(maxX, cx);
                maxY = Math.Max(maxY, cy);
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = cx + dx;
                        int ny = cy + dy;
                        if (nx < 0 || ny < 0 || nx >= cols || ny >= rows)
                        {
                            continue;
                        }

                        int next = (ny * cols) + nx;
                        if (counts[next] > 0 && !seen[next])
                        {
                            seen[next] = true;
                            stack.Push(next);
                        }
                    }
                }
            }

            if (cells == 1 && changed < LoneCellMinimum)
            {
                continue;
            }

            regions.Add(Scale(minX * CellSize, minY * CellSize, Math.Min((maxX + 1) * CellSize, a.Width), Math.Min((maxY + 1) * CellSize, a.Height), a, referenceWidth, referenceHeight));
        }

        return regions.OrderByDescending(r => (long)r.Width * r.Height).ToArray();
    }

    private static PixelRegion Scale(int x0, int y0, int x1, int y1, LumaPlane plane, int width, int height)
    {
        double sx = (double)width / plane.Width;
        double sy = (double)height / plane.Height;
        int left = (int)Math.Floor(x0 * sx);
        int top = (int)Math.Floor(y0 * sy);
        int right = Math.Min(width, (int)Math.Ceiling(x1 * sx));
        int bottom = Math.Min(height, (int)Math.Ceiling(y1 * sy));
        return new PixelRegion(left, top, right - left, bottom - top);
    }
}
