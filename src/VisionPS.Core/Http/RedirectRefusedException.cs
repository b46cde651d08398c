namespace VisionPS.Core.Http;

/// <summary>A redirect VisionPS will not follow: too many, a downgrade to plain http, or a scheme other than http(s).</summary>
public sealed class RedirectRefusedException : HttpRequestException
{
    public RedirectRefusedException(string errorId, string message)
        : base(message) => ErrorId = errorId;

    public string ErrorId { get; }
}
