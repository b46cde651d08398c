using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>Quality estimates checked against cjpeg's own setting and ImageMagick's <c>identify -format %Q</c>.</summary>
public sealed class JpegQualityEstimatorTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(39)]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(90)]
    [InlineData(100)]
    public void Files_cjpeg_wrote_at_quality_q_are_estimated_at_q(int quality)
    {
        byte[] ppm = ReferenceTools.Run("djpeg", ["-pnm", SharedPaths.Image("jpeg/baseline_420_227x149.jpg")], stdin: null);
        byte[] jpeg = ReferenceTools.Run("cjpeg", ["-baseline", "-quality", quality.ToString(System.Globalization.CultureInfo.InvariantCulture)], ppm);

        Assert.Equal(quality, BuiltInImageEngine.Instance.EstimateJpegQuality(jpeg));
    }

    [Theory]
    [InlineData("bird_northern_cardinal.jpg")]
    [InlineData("document_1871_senate_message.jpg")]
    [InlineData("house_pool_enclosure.jpg")]
    [InlineData("street_classic_cars.jpg")]
    public void Camera_and_editor_files_are_estimated_within_2_of_imagemagick(string sample)
    {
        string path = Path.Combine(SharedPaths.Samples, sample);
        int magick = int.Parse(System.Text.Encoding.ASCII.GetString(ReferenceTools.Run("identify", ["-format", "%Q", path], stdin: null)), System.Globalization.CultureInfo.InvariantCulture);

        int? ours = BuiltInImageEngine.Instance.EstimateJpegQuality(File.ReadAllBytes(path));

        Assert.NotNull(ours);
        Assert.InRange(ours.Value, magick - 2, magick + 2);
    }

    [Fact]
    public void Other_formats_and_damaged_headers_have_no_estimate()
    {
        Assert.Null(BuiltInImageEngine.Instance.EstimateJpegQuality(File.ReadAllBytes(SharedPaths.Image("png/rgb_16bit_basn2c16.png"))));
        Assert.Null(BuiltInImageEngine.Instance.EstimateJpegQuality(File.ReadAllBytes(SharedPaths.Image("jpeg/baseline_420_227x149.jpg"))[..30]));
        Assert.Null(BuiltInImageEngine.Instance.EstimateJpegQuality([0xFF, 0xD8, 0xFF]));
    }
}
