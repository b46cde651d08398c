using System.Runtime.Intrinsics.X86;
using VisionPS.Imaging;
using VisionPS.Imaging.Jpeg;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>The vector code paths give exactly what the scalar ones give, and the scalar ones still match djpeg.</summary>
public class JpegSimdTests
{
    // The decoder switches to the vector IDCT only where AVX2 exists; this compares the two directly.
    [Fact]
    public void Avx2Idct_EqualsScalarIdct_OnRandomBlocks()
    {
        Assert.True(Avx2.IsSupported, "this machine has no AVX2, so the vector IDCT cannot be compared");
        var random = new Random(1234);
        short[] block = new short[64];
        int[] quant = new int[64];
        int[] workspace = new int[64];
        byte[] scalar = new byte[16 * 8];
        byte[] vector = new byte[16 * 8];
        int[] scalarColumns = new int[16];
        int[] vectorColumns = new int[16];
        int differentBlocks = 0;
        for (int n = 0; n < 20_000; n++)
        {
            int nonZero = random.Next(1, 65);
            Array.Clear(block);
            for (int i = 0; i < 64; i++)
            {
                // Dequantised values of 8-bit data lie within +-1024 times a little (rounding); past that, 32-bit
                // overflow makes any two formulations (and libjpeg's own SIMD code) disagree.
                quant[i] = random.Next(1, n % 2 == 0 ? 256 : 32);
                if (random.Next(64) < nonZero)
                {
                    int limit = 2048 / quant[i];
                    block[i] = (short)random.Next(-limit, limit + 1);
                }
            }

            Array.Fill(scalar, (byte)7);
            Array.Fill(vector, (byte)7);
            JpegIdct.Transform8(block, quant, scalar, 16, workspace);
            JpegIdctAvx2.Transform8(block, quant, vector, 16);
            differentBlocks += scalar.AsSpan().SequenceEqual(vector) ? 0 : 1;

            Array.Fill(scalar, (byte)7);
            Array.Fill(vector, (byte)7);
            JpegIdct.Transform4(block, quant, scalar, 16, workspace);
            JpegIdctAvx2.Transform4(block, quant, vector, 16);
            differentBlocks += scalar.AsSpan().SequenceEqual(vector) ? 0 : 1;

            // The 2x2 IDCT's column pass: only columns 0, 1, 3, 5 and 7 of its two rows are read.
            JpegIdct.Columns2(block, quant, scalarColumns);
            JpegIdctAvx2.Columns2(block, quant, vectorColumns);
            foreach (int i in (int[])[0, 1, 3, 5, 7, 8, 9, 11, 13, 15])
            {
                differentBlocks += scalarColumns[i] == vectorColumns[i] ? 0 : 1;
            }
        }

        Assert.Equal(0, differentBlocks);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void ScalarPath_MatchesVectorPathAndDjpeg(int denominator)
    {
        string path = Path.Combine(SharedPaths.Samples, "street_classic_cars.jpg");
        byte[] bytes = File.ReadAllBytes(path);
        PixelBuffer vector = JpegReference.Decode(bytes, denominator);
        PixelBuffer scalar;
        JpegSimd.Enabled = false;
        try
        {
            scalar = JpegReference.Decode(bytes, denominator);
        }
        finally
        {
            JpegSimd.Enabled = true;
        }

        Assert.True(scalar.Data.AsSpan().SequenceEqual(vector.Data), "the scalar and vector paths differ");
        RawImage reference = ReferenceTools.Djpeg(path, denominator == 1 ? null : $"1/{denominator}");
        Assert.Equal(0, ImageCompare.MaxDifference(reference, scalar));
    }
}
