using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer.Batches;

/// <summary>What every files/batches handler shares: the key check (Bearer, or Azure's api-key and api-version), OpenAI-shaped errors, and dropping the connection when the client goes.</summary>
internal static class ApiHandler
{
    public static RequestDelegate Wrap(BatchState state, BatchApiShape shape, Func<HttpContext, CancellationToken, Task> handle) => async context =>
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Server.Stopping);
        CancellationToken ct = linked.Token;
        try
        {
            ApiError? authError = shape.Azure
                ? AzureAuth.CheckKey(context.Request, state.Server.ApiKey) ?? AzureAuth.CheckApiVersion(context.Request)
                : BearerAuth.Check(context.Request, state.Server.ApiKey);
            if (authError is not null)
            {
                throw new ApiErrorException(authError);
            }

            await handle(context, ct).ConfigureAwait(false);
        }
        catch (ApiErrorException e) when (!context.Response.HasStarted)
        {
            await ErrorResponses.WriteAsync(context, e.Error, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ct.IsCancellationRequested)
        {
            context.Abort();
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ErrorResponses.WriteAsync(context, new ApiError(e.StatusCode, $"The request could not be read: {e.Message}", ApiError.InvalidRequestType, null, null), context.RequestAborted).ConfigureAwait(false);
        }
    };

    public static Task WriteJsonAsync(HttpContext context, string json, CancellationToken ct) =>
        ErrorResponses.WriteBodyAsync(context, 200, "application/json", json, ct);

    public static ApiError NotFound(string what, string id) =>
        new(404, $"No such {what}: '{id}'.", ApiError.InvalidRequestType, "id", null);
}
