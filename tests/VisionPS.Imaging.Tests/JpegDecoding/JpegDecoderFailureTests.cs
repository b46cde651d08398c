using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>Unsupported, damaged and oversized JPEGs raise the public exceptions, with a message that says what is wrong.</summary>
public class JpegDecoderFailureTests
{
    private static readonly byte[] Baseline = File.ReadAllBytes(SharedPaths.Image("jpeg/baseline_420_227x149.jpg"));

    private static PixelBuffer Decode(byte[] bytes, DecodeOptions? options = null) =>
        BuiltInImageEngine.Instance.Decode(bytes, options ?? DecodeOptions.Default, "test.jpg");

    [Fact]
    public void ArithmeticCoding_IsUnsupported()
    {
        var e = Assert.Throws<UnsupportedImageFeatureException>(() => Decode(File.ReadAllBytes(SharedPaths.Image("jpeg/arithmetic_coded_sof9_227x149.jpg"))));
        Assert.Contains("arithmetic coding (SOF9)", e.Message);
    }

    [Fact]
    public void TruncatedScan_IsCorruptData_NamingTheMcuRow()
    {
        var e = Assert.Throws<CorruptImageDataException>(() => Decode(File.ReadAllBytes(SharedPaths.Image("corrupt/jpeg_truncated_50pct.jpg"))));
        Assert.Matches(@"the data ends in the scan after MCU row \d+ of 23", e.Message);
    }

    [Fact]
    public void TruncatedInHeader_IsInvalidContent()
    {
        Assert.Throws<InvalidImageContentException>(() => Decode(File.ReadAllBytes(SharedPaths.Image("corrupt/jpeg_truncated_in_header.jpg"))));
    }

    [Fact]
    public void PixelLimit_IsTooLarge()
    {
        var e = Assert.Throws<ImageTooLargeException>(() => Decode(Baseline, new DecodeOptions { MaxPixels = 1000 }));
        Assert.Contains("227", e.Message);
    }

    [Theory]
    [InlineData(0.40)] // earlier cuts fall in the Exif segment: a header error, tested above
    [InlineData(0.70)]
    [InlineData(0.95)]
    public void TruncatedProgressive_IsCorruptData(double fraction)
    {
        byte[] bytes = File.ReadAllBytes(SharedPaths.Image("jpeg/progressive_420_320x240.jpg"));
        Assert.Throws<CorruptImageDataException>(() => Decode(bytes[..(int)(bytes.Length * fraction)]));
    }

    [Fact]
    public void ScanNamingAnUndefinedComponent_IsCorruptData()
    {
        byte[] bytes = (byte[])Baseline.Clone();
        int sos = IndexOfMarker(bytes, 0xDA);
        bytes[sos + 5] = 0x77; // first component selector
        var e = Assert.Throws<CorruptImageDataException>(() => Decode(bytes));
        Assert.Contains("component 119", e.Message);
    }

    [Fact]
    public void SamplingFactorOutOfRange_IsInvalidContent()
    {
        byte[] bytes = (byte[])Baseline.Clone();
        int sof = IndexOfMarker(bytes, 0xC0);
        bytes[sof + 11] = 0x52; // first component: 5x2
        var e = Assert.Throws<InvalidImageContentException>(() => Decode(bytes));
        Assert.Contains("5x2", e.Message);
    }

    [Fact]
    public void MissingQuantisationTable_IsCorruptData()
    {
        byte[] bytes = (byte[])Baseline.Clone();
        int sof = IndexOfMarker(bytes, 0xC0);
        bytes[sof + 12] = 3; // first component uses table 3, which no DQT defines
        var e = Assert.Throws<CorruptImageDataException>(() => Decode(bytes));
        Assert.Contains("quantisation table 3", e.Message);
    }

    [Fact]
    public void HuffmanTableNotDefined_IsCorruptData()
    {
        byte[] bytes = (byte[])Baseline.Clone();
        int sos = IndexOfMarker(bytes, 0xDA);
        bytes[sos + 6] = 0x33; // first component: DC and AC table 3
        Assert.Throws<CorruptImageDataException>(() => Decode(bytes));
    }

    [Theory]
    [InlineData(0xC3, "lossless JPEG (SOF3)")]
    [InlineData(0xC5, "hierarchical JPEG (SOF5)")]
    [InlineData(0xCA, "arithmetic coding (SOF10)")]
    public void OtherProcesses_AreUnsupported(byte sofMarker, string expected)
    {
        byte[] bytes = (byte[])Baseline.Clone();
        bytes[IndexOfMarker(bytes, 0xC0) + 1] = sofMarker;
        var e = Assert.Throws<UnsupportedImageFeatureException>(() => Decode(bytes));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TwelveBitPrecision_IsUnsupported()
    {
        byte[] bytes = (byte[])Baseline.Clone();
        bytes[IndexOfMarker(bytes, 0xC0) + 4] = 12;
        var e = Assert.Throws<UnsupportedImageFeatureException>(() => Decode(bytes));
        Assert.Contains("12-bit", e.Message);
    }

    [Fact]
    public void HeightFromDnl_IsUnsupported()
    {
        byte[] bytes = (byte[])Baseline.Clone();
        int sof = IndexOfMarker(bytes, 0xC0);
        bytes[sof + 5] = 0;
        bytes[sof + 6] = 0;
        var e = Assert.Throws<UnsupportedImageFeatureException>(() => Decode(bytes));
        Assert.Contains("DNL", e.Message);
    }

    private static int IndexOfMarker(byte[] bytes, byte marker)
    {
        for (int i = 2; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"marker FF{marker:X2} not found");
    }
}
