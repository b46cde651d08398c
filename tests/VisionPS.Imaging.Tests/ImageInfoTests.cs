using VisionPS.Imaging;

namespace VisionPS.Imaging.Tests;

public class ImageInfoTests
{
    [Theory]
    [InlineData(1, 400, 300)]
    [InlineData(2, 400, 300)]
    [InlineData(3, 400, 300)]
    [InlineData(4, 400, 300)]
    [InlineData(5, 300, 400)]
    [InlineData(6, 300, 400)]
    [InlineData(7, 300, 400)]
    [InlineData(8, 300, 400)]
    public void DisplaySize_Orientation_SwapsForQuarterTurns(int orientation, int displayWidth, int displayHeight)
    {
        var info = new ImageInfo(ImageFormat.Jpeg, 400, 300) { Orientation = orientation };

        Assert.Equal((displayWidth, displayHeight), (info.DisplayWidth, info.DisplayHeight));
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg, "image/jpeg")]
    [InlineData(ImageFormat.Png, "image/png")]
    [InlineData(ImageFormat.Gif, "image/gif")]
    [InlineData(ImageFormat.WebP, "image/webp")]
    [InlineData(ImageFormat.Bmp, "image/bmp")]
    [InlineData(ImageFormat.Tiff, "image/tiff")]
    [InlineData(ImageFormat.Heic, "image/heic")]
    [InlineData(ImageFormat.Avif, "image/avif")]
    public void MimeType_Format_IsTheRegisteredType(ImageFormat format, string mimeType)
    {
        Assert.Equal(mimeType, new ImageInfo(format, 1, 1).MimeType);
    }

    [Fact]
    public void Defaults_AreUprightSingleFrame()
    {
        var info = new ImageInfo(ImageFormat.Png, 3, 2);

        Assert.Equal((1, 1, false), (info.Orientation, info.FrameCount, info.IsAnimated));
    }
}
