using System.Net.Http.Headers;
using VisionPS.Core.Providers;

namespace VisionPS.Core.Http;

/// <summary>What every request to a provider shares (chat and Batch API): its headers, the wait for the answer's headers, and turning an error status into a <see cref="VisionApiException"/>.</summary>
internal static class ApiSender
{
    /// <summary>User agent, this command's connect timeout, and the key in the header the provider expects
    /// (<c>api-key</c> for Azure, else Bearer); <paramref name="sendKey"/> is false for a redirect to another origin.</summary>
    public static void Prepare(HttpRequestMessage message, VisionClientOptions options, bool sendKey = true)
    {
        message.Headers.UserAgent.ParseAdd(VisionHttp.UserAgent);
        message.Options.Set(VisionHttp.ConnectTimeoutOption, options.ConnectTimeout is { } connect && connect > TimeSpan.Zero ? connect : Timeout.InfiniteTimeSpan);
        if (!sendKey || options.ApiKey is not { } key)
        {
            return;
        }

        if (options.KeyHeader == ApiKeyHeader.ApiKey)
        {
            message.Headers.TryAddWithoutValidation("api-key", key.Reveal());
        }
        else
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
        }
    }

    /// <summary>Sends and waits (within <paramref name="timeout"/>) for the headers; an error status is read with <paramref name="readErrorBody"/> and thrown.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage message, IdleTimeout timeout, ApiCredential? key, DateTimeOffset now, Func<HttpResponseMessage, Task<string>> readErrorBody)
    {
        HttpResponseMessage response;
        timeout.Restart();
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.Expired)
        {
            throw timeout.TimedOut(waitingForHeaders: true);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                string errorBody = await readErrorBody(response).ConfigureAwait(false);
                throw ApiErrors.FromResponse(response, errorBody, message.RequestUri!, key, now);
            }
        }

        return response;
    }
}
