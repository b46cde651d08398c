namespace VisionPS.Imaging.Jpeg;

/// <summary>The frame header (SOF) and the layout derived from it.</summary>
internal sealed class JpegFrame
{
    public JpegFrame(bool progressive, int width, int height, JpegComponent[] components)
    {
        Progressive = progressive;
        Width = width;
        Height = height;
        Components = components;
        foreach (JpegComponent c in components)
        {
            MaxH = Math.Max(MaxH, c.H);
            MaxV = Math.Max(MaxV, c.V);
        }

        McusWide = DivCeil(width, 8 * MaxH);
        McusHigh = DivCeil(height, 8 * MaxV);
        foreach (JpegComponent c in components)
        {
            c.BlocksWide = McusWide * c.H;
            c.BlocksHigh = McusHigh * c.V;
            c.ScanBlocksWide = DivCeil(width * c.H, 8 * MaxH);
            c.ScanBlocksHigh = DivCeil(height * c.V, 8 * MaxV);
        }
    }

    public bool Progressive { get; }

    public int Width { get; }

    public int Height { get; }

    public JpegComponent[] Components { get; }

    public int MaxH { get; }

    public int MaxV { get; }

    /// <summary>MCUs per row and column of an interleaved scan.</summary>
    public int McusWide { get; }

    public int McusHigh { get; }

    public static int DivCeil(int a, int b) => (int)(((long)a + b - 1) / b);
}
