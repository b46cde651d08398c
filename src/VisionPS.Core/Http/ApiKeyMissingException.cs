namespace VisionPS.Core.Http;

/// <summary>No API key was given for an endpoint that is not on this machine.</summary>
public sealed class ApiKeyMissingException : Exception
{
    public ApiKeyMissingException(Uri baseUrl)
        : base($"No API key was given for {baseUrl}.")
    {
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }
}
