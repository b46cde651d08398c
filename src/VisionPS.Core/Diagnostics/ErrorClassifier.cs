using VisionPS.Core.Http;
using VisionPS.Imaging;

namespace VisionPS.Core.Diagnostics;

/// <summary>The one place that turns any exception into an error id, a category and a target.</summary>
public static class ErrorClassifier
{
    public static VisionErrorInfo Classify(Exception exception, object? target)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        VisionErrorInfo Make(string id, string category, string? action = null, bool stops = false) =>
            new(id, category, exception.Message, action, target, stops);

        return exception switch
        {
            VisionArgumentException e => Make(e.ErrorId, ErrorCategoryNames.InvalidArgument, e.RecommendedAction),
            BatchJobs.BatchJobException e => Make(e.ErrorId, BatchJobs.BatchErrorCategories.Of(e.ErrorId), e.RecommendedAction),
            Structured.StructuredAnswerException e => Make(e.ErrorId, ErrorCategoryNames.InvalidResult, e.RecommendedAction),
            History.HistoryUnavailableException => Make(ErrorIds.HistoryUnavailable, ErrorCategoryNames.InvalidData, History.HistoryUnavailableException.Advice, stops: true),
            CostLimitException e => Make(e.ErrorId, ErrorCategoryNames.LimitsExceeded, e.RecommendedAction, stops: true),
            ApiKeyMissingException => Make(ErrorIds.ApiKeyMissing, ErrorCategoryNames.AuthenticationError, "Pass -ApiKey, or set $env:VISIONPS_API_KEY or $env:OPENAI_API_KEY.", stops: true),
            VisionApiException e => ClassifyApi(e, target),
            ResponseTooLargeException => Make(ErrorIds.ApiResponseTooLarge, ErrorCategoryNames.LimitsExceeded, "The server sent far more than a chat answer; check -BaseUrl, or that the server is what it claims to be."),
            RedirectRefusedException e => Make(e.ErrorId, ErrorCategoryNames.SecurityError, "Point -BaseUrl (or the profile) at the address the provider redirects to, if you trust it.", stops: true),
            HttpRequestException { InnerException: System.Security.Authentication.AuthenticationException } => Make(ErrorIds.ApiConnectionFailed, ErrorCategoryNames.ConnectionError, "The server's TLS certificate was not accepted: fix it or trust its issuer; -SkipCertificateCheck turns the check off (test servers only)."),
            HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => Make(ErrorIds.ApiResponseTooLarge, ErrorCategoryNames.LimitsExceeded, "The server's response headers were over the 64 KiB cap; check -BaseUrl."),
            ApiTimeoutException => Make(ErrorIds.ApiTimeout, ErrorCategoryNames.OperationTimeout, "Raise -TimeoutSec (0 = no limit) for slow models, or try again."),
            StreamInterruptedException => Make(ErrorIds.StreamInterrupted, ErrorCategoryNames.ConnectionError, "Try again; the partial answer was discarded."),
            ApiProtocolException => Make(ErrorIds.StreamProtocolError, ErrorCategoryNames.ProtocolError, "The server is not speaking the OpenAI chat protocol; check -BaseUrl."),
            HttpRequestException => Make(ErrorIds.ApiConnectionFailed, ErrorCategoryNames.ConnectionError, "Check -BaseUrl and that the server is running and reachable."),
            Imaging.Sources.SourceRefusedException e => ClassifySource(e, target),
            ImageDecoderMissingException e => Make(ErrorIds.ImageDecoderMissing, ErrorCategoryNames.NotInstalled, e.InstallHint),
            ExternalDecoderFailedException => Make(ErrorIds.ImageDecoderFailed, ErrorCategoryNames.InvalidData, "Check the file opens in a photo viewer; export it as JPEG if it does."),
            UnknownImageFormatException => Make(ErrorIds.ImageFormatNotRecognized, ErrorCategoryNames.InvalidData, "Pass a JPEG, PNG, GIF, WebP, BMP or TIFF image."),
            UnsupportedImageFormatException or Images.ImageNotSendableException => Make(ErrorIds.ImageFormatNotSupported, ErrorCategoryNames.InvalidData, "Convert the image to JPEG or PNG."),
            ImageTooLargeException => Make(ErrorIds.ImageTooLarge, ErrorCategoryNames.LimitsExceeded, "Shrink the image first, or send it unchanged with -NoResize."),
            UnsupportedImageFeatureException e => Make(ErrorIds.ImageFormatNotSupported, ErrorCategoryNames.InvalidData, UnsupportedImageFeatureException.SendableUnchanged(e.Format)
                ? "Convert the image to a plain JPEG or PNG, or send it unchanged with -NoResize."
                : "Convert the image to a plain JPEG or PNG."),
            ImagePageNotFoundException e => Make(ErrorIds.ImagePageNotFound, ErrorCategoryNames.ObjectNotFound, $"Pass -Page 1 to {e.Pages}."),
            ImageFormatException => Make(ErrorIds.ImageDecodeFailed, ErrorCategoryNames.InvalidData, "The file is damaged or cut off; re-export or re-download it."),
            HttpIOException => Make(ErrorIds.StreamInterrupted, ErrorCategoryNames.ConnectionError, "Try again; the partial answer was discarded."),
            FileNotFoundException or DirectoryNotFoundException => Make(ErrorIds.ImageNotFound, ErrorCategoryNames.ObjectNotFound, "Check the path."),
            UnauthorizedAccessException => Make(ErrorIds.ImageAccessDenied, ErrorCategoryNames.PermissionDenied, "Check the file's permissions."),
            IOException => Make(ErrorIds.ImageReadFailed, ErrorCategoryNames.ReadError, "Check that the file is readable and not locked."),
            _ => Make(ErrorIds.UnexpectedError, ErrorCategoryNames.NotSpecified),
        };
    }

    private static VisionErrorInfo ClassifySource(Imaging.Sources.SourceRefusedException e, object? target)
    {
        (string id, string category, string action) = e.Reason switch
        {
            Imaging.Sources.SourceRefusal.DocumentEncrypted => (ErrorIds.DocumentEncrypted, ErrorCategoryNames.PermissionDenied, "Save an unencrypted copy of the PDF and pass that."),
            Imaging.Sources.SourceRefusal.DocumentTooManyPages => (ErrorIds.DocumentTooManyPages, ErrorCategoryNames.LimitsExceeded, "Pick fewer pages with -Page (e.g. -Page 1-10), or split the document."),
            Imaging.Sources.SourceRefusal.DocumentImageTooLarge => (ErrorIds.DocumentImageTooLarge, ErrorCategoryNames.LimitsExceeded, "Render or scale the pages smaller first (pdftoppm -r 100, ffmpeg -vf scale)."),
            Imaging.Sources.SourceRefusal.DocumentEmpty => (ErrorIds.DocumentEmpty, ErrorCategoryNames.InvalidData, "The pages picked have neither an image nor text (vector drawings are not rendered): render them to images first (pdftoppm -r 150 -png) and send those."),
            Imaging.Sources.SourceRefusal.DocumentImageNotSupported => (ErrorIds.DocumentImageNotSupported, ErrorCategoryNames.InvalidData, "Render the pages to PNG first (pdftoppm -r 150 -png) and send those."),
            Imaging.Sources.SourceRefusal.PageNotFound => (ErrorIds.ImagePageNotFound, ErrorCategoryNames.ObjectNotFound, "Pass -Page with pages the document has."),
            Imaging.Sources.SourceRefusal.VideoDecoderMissing => (ErrorIds.VideoDecoderMissing, ErrorCategoryNames.NotInstalled, Imaging.Sources.Video.VideoFrameSource.InstallAdvice),
            Imaging.Sources.SourceRefusal.VideoDecodeFailed => (ErrorIds.VideoDecodeFailed, ErrorCategoryNames.InvalidData, "Check that the video plays (ffprobe), or extract frames yourself (ffmpeg -vf fps=1 frame%03d.png)."),
            _ => (ErrorIds.DocumentDamaged, ErrorCategoryNames.InvalidData, "Re-export or re-scan the document, or render its pages first (pdftoppm -r 150 -png)."),
        };

        return new VisionErrorInfo(id, category, e.Message, action, target, false);
    }

    private static VisionErrorInfo ClassifyApi(VisionApiException e, object? target)
    {
        VisionErrorInfo Make(string id, string category, string? action, bool stops = false) =>
            new(id, category, e.Message, action, target, stops);

        if (e.DuringStream)
        {
            return Make(ErrorIds.ApiStreamError, ErrorCategoryNames.ResourceUnavailable, "The provider failed while answering; try again.");
        }

        string? code = e.ErrorCode;
        return e.StatusCode switch
        {
            401 => Make(ErrorIds.ApiAuthenticationFailed, ErrorCategoryNames.AuthenticationError, "Check the API key (-ApiKey, $env:VISIONPS_API_KEY, $env:OPENAI_API_KEY) and that it belongs to -BaseUrl's provider.", stops: true),
            403 => Make(ErrorIds.ApiPermissionDenied, ErrorCategoryNames.PermissionDenied, "The key may not use this model or region; check the provider's console.", stops: true),
            404 when code == "model_not_found" || (e.ServerMessage?.Contains("model", StringComparison.OrdinalIgnoreCase) ?? false)
                => Make(ErrorIds.ModelNotFound, ErrorCategoryNames.ObjectNotFound, "Pick a model the provider lists (GET {base}/models) and pass it with -Model.", stops: true),
            404 => Make(ErrorIds.ApiNotFound, ErrorCategoryNames.ObjectNotFound, "Check -BaseUrl: it should end at the API root, e.g. .../v1.", stops: true),
            413 => Make(ErrorIds.ApiRequestTooLarge, ErrorCategoryNames.LimitsExceeded, "Send fewer or smaller images."),
            429 when code == "insufficient_quota" => Make(ErrorIds.ApiQuotaExceeded, ErrorCategoryNames.QuotaExceeded, "Add credit or raise the quota in the provider's console.", stops: true),
            429 => Make(ErrorIds.ApiRateLimited, ErrorCategoryNames.LimitsExceeded, "Slow down or try again later."),
            >= 500 => Make(ErrorIds.ApiServerError, ErrorCategoryNames.ResourceUnavailable, "The provider is having trouble; try again later."),
            400 or 409 or 422 => Make(ErrorIds.ApiRequestRejected, ErrorCategoryNames.InvalidArgument, "Read the provider's message; it names what it rejected."),
            _ => Make(ErrorIds.ApiRequestFailed, ErrorCategoryNames.InvalidResult, "Read the provider's message."),
        };
    }
}
