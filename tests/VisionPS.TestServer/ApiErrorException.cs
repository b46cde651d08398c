namespace VisionPS.TestServer;

/// <summary>Thrown by validation; the endpoint turns it into the error response.</summary>
internal sealed class ApiErrorException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;
}
