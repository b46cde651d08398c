using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>
/// Starts one <see cref="VisionTestServer"/> per test (xunit creates a class instance per test), plus a raw HttpClient.
/// Derived classes may override <see cref="Options"/>.
/// </summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    protected const string Key = "test-key";

    protected VisionTestServer Server { get; private set; } = null!;

    protected HttpClient Http { get; } = new();

    protected virtual TestServerOptions Options => new();

    protected Uri ChatUrl => new($"{Server.BaseUrl}/chat/completions");

    public async Task InitializeAsync() => Server = await VisionTestServer.StartAsync(Options);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A POST to /chat/completions with a JSON body and (unless null) the bearer key.</summary>
    protected HttpRequestMessage ChatRequest(string json, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ChatUrl)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    protected Task<HttpResponseMessage> PostChatAsync(JsonNode body, string? key = Key)
        => Http.SendAsync(ChatRequest(body.ToJsonString(), key));

    protected Task<HttpResponseMessage> PostChatAsync(string json, string? key = Key)
        => Http.SendAsync(ChatRequest(json, key));

    /// <summary>Streams: returns once the headers have arrived; the body is read by the caller.</summary>
    protected Task<HttpResponseMessage> PostChatStreamingAsync(JsonNode body, CancellationToken cancellationToken = default)
        => Http.SendAsync(ChatRequest(body.ToJsonString()), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Sends a valid non-streaming request and returns the parsed completion (asserts 200).</summary>
    protected async Task<JsonElement> CompleteAsync(JsonNode body)
    {
        using HttpResponseMessage response = await PostChatAsync(body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected static string ContentOf(JsonElement completion)
        => completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    /// <summary>Asserts status and the exact error shape: an "error" object with exactly message, type, param and code.</summary>
    protected static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, int status, string? type = "invalid_request_error", string? param = null, string? code = null)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement root = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        JsonElement error = root.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (type is not null)
        {
            Assert.Equal(type, error.GetProperty("type").GetString());
        }

        Assert.Equal(param, NullableString(error.GetProperty("param")));
        Assert.Equal(code, NullableString(error.GetProperty("code")));
        return error;
    }

    protected static string? NullableString(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetString();
}
