using VisionPS.Imaging;
using VisionPS.Imaging.Jpeg;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.EncodingTests;

/// <summary>The encoder's scalar colour conversion and downsampling (forced) give the same bytes as the vector path and cjpeg.</summary>
public sealed class JpegEncoderSimdTests
{
    public static TheoryData<string> Cases() =>
        ["noise 53x37 rgb", "noise 70x19 rgba", "gradient 333x251 rgb", "gradient 97x33 rgba", "photo"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScalarPath_gives_the_vector_path_bytes_and_cjpeg_bytes(string name)
    {
        PixelBuffer image = name switch
        {
            "noise 53x37 rgb" => EncoderTestImages.Noise(53, 37, PixelLayout.Rgb24, 7),
            "noise 70x19 rgba" => EncoderTestImages.Noise(70, 19, PixelLayout.Rgba32, 8),
            "gradient 333x251 rgb" => EncoderTestImages.Gradient(333, 251),
            "gradient 97x33 rgba" => EncoderTestImages.Gradient(97, 33, PixelLayout.Rgba32),
            _ => EncoderTestImages.Photo(EncoderTestImages.SamplePhotos()[0]),
        };

        byte[] vector = BuiltInImageEngine.Instance.EncodeJpeg(image, 90);
        byte[] scalar;
        JpegSimd.Enabled = false;
        try
        {
            scalar = BuiltInImageEngine.Instance.EncodeJpeg(image, 90);
        }
        finally
        {
            JpegSimd.Enabled = true;
        }

        Assert.Equal(vector, scalar);
        Assert.Equal(EncoderTestImages.Cjpeg(image, 90), scalar);
    }
}
