namespace VisionPS.Imaging.Jpeg;

/// <summary>One colour component of the frame and where its decoded samples go.</summary>
internal sealed class JpegComponent
{
    public JpegComponent(int index, int id, int horizontalFactor, int verticalFactor, int quantTableId)
    {
        Index = index;
        Id = id;
        H = horizontalFactor;
        V = verticalFactor;
        QuantTableId = quantTableId;
    }

    public int Index { get; }

    public int Id { get; }

    /// <summary>Horizontal sampling factor, 1..4.</summary>
    public int H { get; }

    /// <summary>Vertical sampling factor, 1..4.</summary>
    public int V { get; }

    public int QuantTableId { get; }

    /// <summary>The quantisation table in natural order, fixed when the component's first scan starts (as libjpeg does).</summary>
    public int[]? Quant { get; set; }

    /// <summary>Blocks per row and column including the padding of interleaved MCUs: the size of the sample plane.</summary>
    public int BlocksWide { get; set; }

    public int BlocksHigh { get; set; }

    /// <summary>Blocks per row and column a non-interleaved scan codes (T.81 A.2.2).</summary>
    public int ScanBlocksWide { get; set; }

    public int ScanBlocksHigh { get; set; }

    /// <summary>Samples per block side after the IDCT: 8, or 4/2/1 when decoding scaled.</summary>
    public int ScaledSize { get; set; }

    /// <summary>Width and height of the real samples at the output scale (libjpeg's downsampled_width/height).</summary>
    public int SampleWidth { get; set; }

    public int SampleHeight { get; set; }

    /// <summary>Decoded samples, <see cref="PlaneStride"/> bytes per row.</summary>
    public byte[] Plane { get; set; } = [];

    public int PlaneStride { get; set; }

    /// <summary>Progressive only: all coefficients, 64 per block in natural order, block rows of <see cref="BlocksWide"/>.</summary>
    public short[]? Coefficients { get; set; }

    public int DcPredictor { get; set; }

    public JpegHuffmanTable? DcTable { get; set; }

    public JpegHuffmanTable? AcTable { get; set; }

    /// <summary>True once a scan has carried this component (progressive: its DC first scan).</summary>
    public bool Decoded { get; set; }
}
