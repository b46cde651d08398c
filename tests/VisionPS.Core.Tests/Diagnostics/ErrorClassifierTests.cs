using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Imaging;

namespace VisionPS.Core.Tests.Diagnostics;

public class ErrorClassifierTests
{
    private static VisionApiException Api(int? status, string? code = null, string? type = null, bool stream = false, string message = "m") =>
        new($"x: {message}", status, new ApiErrorBody(message, type, code, null), "req_1", null, stream);

    public static TheoryData<Exception, string, string, bool> Cases() => new()
    {
        { Api(401), ErrorIds.ApiAuthenticationFailed, "AuthenticationError", true },
        { Api(403), ErrorIds.ApiPermissionDenied, "PermissionDenied", true },
        { Api(404, "model_not_found"), ErrorIds.ModelNotFound, "ObjectNotFound", true },
        { Api(404, message: "Not Found"), ErrorIds.ApiNotFound, "ObjectNotFound", true },
        { Api(400, "invalid_image"), ErrorIds.ApiRequestRejected, "InvalidArgument", false },
        { Api(413), ErrorIds.ApiRequestTooLarge, "LimitsExceeded", false },
        { Api(429, "rate_limit_exceeded"), ErrorIds.ApiRateLimited, "LimitsExceeded", false },
        { Api(429, "insufficient_quota"), ErrorIds.ApiQuotaExceeded, "QuotaExceeded", true },
        { Api(500), ErrorIds.ApiServerError, "ResourceUnavailable", false },
        { Api(503), ErrorIds.ApiServerError, "ResourceUnavailable", false },
        { Api(null, stream: true), ErrorIds.ApiStreamError, "ResourceUnavailable", false },
        { Api(418), ErrorIds.ApiRequestFailed, "InvalidResult", false },
        { new ApiKeyMissingException(Endpoints.OpenAI), ErrorIds.ApiKeyMissing, "AuthenticationError", true },
        { new ApiTimeoutException(Endpoints.OpenAI, TimeSpan.FromSeconds(1), false), ErrorIds.ApiTimeout, "OperationTimeout", false },
        { new StreamInterruptedException("cut"), ErrorIds.StreamInterrupted, "ConnectionError", false },
        { new ApiProtocolException("bad json"), ErrorIds.StreamProtocolError, "ProtocolError", false },
        { new HttpRequestException("Connection refused"), ErrorIds.ApiConnectionFailed, "ConnectionError", false },
        { new FileNotFoundException("gone"), ErrorIds.ImageNotFound, "ObjectNotFound", false },
        { new UnauthorizedAccessException("no"), ErrorIds.ImageAccessDenied, "PermissionDenied", false },
        { new UnknownImageFormatException("x.jpg"), ErrorIds.ImageFormatNotRecognized, "InvalidData", false },
        { new UnsupportedImageFormatException(ImageFormat.Heic, "x.heic"), ErrorIds.ImageFormatNotSupported, "InvalidData", false },
        { new ImageDecoderMissingException(ImageFormat.Heic, "x.heic", 4032, 3024, "apt-get install libheif-examples"), ErrorIds.ImageDecoderMissing, "NotInstalled", false },
        { new ExternalDecoderFailedException(ImageFormat.Avif, "heif-dec", "it exited with code 1", "x.avif"), ErrorIds.ImageDecoderFailed, "InvalidData", false },
        { new UnsupportedImageFeatureException(ImageFormat.Jpeg, "arithmetic coding (SOF9)", "x.jpg"), ErrorIds.ImageFormatNotSupported, "InvalidData", false },
        { new ImagePageNotFoundException(ImageFormat.Tiff, 4, 3, "scan.tif"), ErrorIds.ImagePageNotFound, "ObjectNotFound", false },
        { new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."), ErrorIds.StreamInterrupted, "ConnectionError", false },
        { new CostLimitException(ErrorIds.CostLimitExceeded, "over", "raise"), ErrorIds.CostLimitExceeded, "LimitsExceeded", true },
        { new CorruptImageDataException(ImageFormat.Png, "the data ends", "x.png"), ErrorIds.ImageDecodeFailed, "InvalidData", false },
        { new ImageTooLargeException(ImageFormat.Png, 20000, 20000, 120_000_000, "x.png"), ErrorIds.ImageTooLarge, "LimitsExceeded", false },
        { new ImageNotSendableException(ImageFormat.Bmp, "x.bmp", "BMP"), ErrorIds.ImageFormatNotSupported, "InvalidData", false },
        { new VisionArgumentException(ErrorIds.InvalidDetail, "bad detail", "Use auto, low or high."), ErrorIds.InvalidDetail, "InvalidArgument", false },
        { new InvalidOperationException("?"), ErrorIds.UnexpectedError, "NotSpecified", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_MapsEachFailure(Exception exception, string id, string category, bool stops)
    {
        object target = new object();

        VisionErrorInfo info = ErrorClassifier.Classify(exception, target);

        Assert.Equal(id, info.ErrorId);
        Assert.Equal(category, info.Category);
        Assert.Equal(stops, info.StopsCommand);
        Assert.Same(target, info.TargetObject);
        Assert.Equal(exception.Message, info.Message);
    }

    [Fact]
    public void Classify_EveryApiFailure_HasARecommendedAction()
    {
        foreach (var row in Cases())
        {
            var info = ErrorClassifier.Classify((Exception)row[0], null);
            if (info.ErrorId != ErrorIds.UnexpectedError)
            {
                Assert.False(string.IsNullOrWhiteSpace(info.RecommendedAction), info.ErrorId);
            }
        }
    }

    [Fact]
    public void A_TIFF_that_cannot_be_decoded_is_not_advised_to_go_unchanged_but_a_JPEG_is()
    {
        // Vision APIs take JPEG as it is, never TIFF: -NoResize is advice only where it works.
        var tiff = new UnsupportedImageFeatureException(ImageFormat.Tiff, "JPEG compression inside the TIFF", "scan.tif");
        var jpeg = new UnsupportedImageFeatureException(ImageFormat.Jpeg, "arithmetic coding (SOF9)", "x.jpg");

        Assert.DoesNotContain("-NoResize", tiff.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-NoResize", ErrorClassifier.Classify(tiff, null).RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("-NoResize", jpeg.Message, StringComparison.Ordinal);
        Assert.Contains("-NoResize", ErrorClassifier.Classify(jpeg, null).RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_page_names_the_pages_there_are()
    {
        var missing = new ImagePageNotFoundException(ImageFormat.Tiff, 4, 3, "scan.tif");

        Assert.Equal("'scan.tif' is a TIFF with 3 pages, so there is no page 4. -Page takes 1 to 3.", missing.Message);
        Assert.Equal("Pass -Page 1 to 3.", ErrorClassifier.Classify(missing, "scan.tif").RecommendedAction);
    }

    [Fact]
    public void Classify_AggregateOfOne_IsUnwrapped()
    {
        var info = ErrorClassifier.Classify(new AggregateException(new FileNotFoundException("gone")), "x");

        Assert.Equal(ErrorIds.ImageNotFound, info.ErrorId);
    }
}
