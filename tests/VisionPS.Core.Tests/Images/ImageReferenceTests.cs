using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images;

namespace VisionPS.Core.Tests.Images;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("https://example.com/cat.jpg", ImageSourceKind.Url)]
    [InlineData("HTTP://example.com/cat.jpg", ImageSourceKind.Url)]
    [InlineData("data:image/png;base64,AAAA", ImageSourceKind.DataUrl)]
    [InlineData("photo.jpg", ImageSourceKind.File)]
    [InlineData("./photos/[2024] trip.jpg", ImageSourceKind.File)]
    [InlineData(@"C:\Users\me\Pictures\cat.jpg", ImageSourceKind.File)]
    [InlineData("Temp:/cat.jpg", ImageSourceKind.File)]
    [InlineData(@"Microsoft.PowerShell.Core\FileSystem::/tmp/cat.jpg", ImageSourceKind.File)]
    [InlineData("~/cat.jpg", ImageSourceKind.File)]
    public void Classify_KnowsPathsAndUrls(string reference, ImageSourceKind expected)
    {
        Assert.Equal(expected, ImageReference.Classify(reference));
    }

    [Theory]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("ftp://example.com/cat.jpg", "ftp")]
    [InlineData("javascript:alert(1)", "javascript")]
    [InlineData("blob:https://example.com/1", "blob")]
    public void Classify_OtherSchemes_AreRefusedWithAClearMessage(string reference, string scheme)
    {
        var ex = Assert.Throws<VisionArgumentException>(() => ImageReference.Classify(reference));

        Assert.Equal(ErrorIds.ImageUrlNotSupported, ex.ErrorId);
        Assert.Contains(scheme + ":", ex.Message);
        Assert.NotNull(ex.RecommendedAction);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("LOW", "low")]
    [InlineData(" high ", "high")]
    [InlineData("original", "original")]
    public void Detail_IsAnOpenLowerCaseWord(string? given, string? expected)
    {
        Assert.Equal(expected, ImageDetail.Normalize(given));
    }

    [Theory]
    [InlineData("very high")]
    [InlineData("\"low\"")]
    public void Detail_NotAWord_IsRefused(string given)
    {
        var ex = Assert.Throws<VisionArgumentException>(() => ImageDetail.Normalize(given));
        Assert.Equal(ErrorIds.InvalidDetail, ex.ErrorId);
    }

    [Theory]
    [InlineData("data:image/png,AAAA", "only base64")]
    [InlineData("data:image/png;base64", "no ','")]
    [InlineData("data:image/png;base64,@@@", "not valid base64")]
    public void DataUrl_Invalid_SaysWhy(string url, string why)
    {
        var ex = Assert.Throws<VisionArgumentException>(() => DataUrl.Decode(url));

        Assert.Equal(ErrorIds.InvalidDataUrl, ex.ErrorId);
        Assert.Contains(why, ex.Message);
    }

    [Fact]
    public void FromUrl_PassesTheUrlThroughUntouched()
    {
        ImagePart part = ImagePartFactory.FromUrl("https://example.com/a%20b.jpg?x=1&y=2", "low");

        Assert.Equal("https://example.com/a%20b.jpg?x=1&y=2", part.ToUrl());
        Assert.Equal(ImageSourceKind.Url, part.Kind);
        Assert.Null(part.MimeType);
        Assert.Null(part.ByteLength);
        Assert.Equal("low", part.Detail);
    }
}
