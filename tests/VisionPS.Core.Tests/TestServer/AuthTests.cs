using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

public sealed class AuthTests : ServerTestBase
{
    private static readonly string ValidBody = Chat.Body("gpt-4o", Chat.Message("user", "hi")).ToJsonString();

    [Fact]
    public async Task Chat_MissingKey_Returns401InvalidApiKey()
    {
        using HttpResponseMessage response = await PostChatAsync(ValidBody, key: null);
        await AssertErrorAsync(response, 401, "invalid_request_error", param: null, code: "invalid_api_key");
    }

    [Fact]
    public async Task Chat_WrongKey_Returns401WithoutEchoingTheKey()
    {
        const string sent = "sk-proj-SECRETabcdef1234567890";
        using HttpResponseMessage response = await PostChatAsync(ValidBody, key: sent);
        JsonElement error = await AssertErrorAsync(response, 401, "invalid_request_error", param: null, code: "invalid_api_key");
        string message = error.GetProperty("message").GetString()!;
        Assert.DoesNotContain("SECRET", message, StringComparison.Ordinal);
        Assert.DoesNotContain("7890", message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-proj", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_BasicScheme_Returns401()
    {
        using HttpRequestMessage request = ChatRequest(ValidBody, key: null);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dGVzdC1rZXk6");
        using HttpResponseMessage response = await Http.SendAsync(request);
        await AssertErrorAsync(response, 401, code: "invalid_api_key");
    }

    [Fact]
    public async Task Chat_LowercaseBearerScheme_IsAccepted()
    {
        using HttpRequestMessage request = ChatRequest(ValidBody, key: null);
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + Key);
        using HttpResponseMessage response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Chat_RejectedRequest_IsRecordedWithAuthorizationAndStatus()
    {
        using (await PostChatAsync(ValidBody, key: "wrong")) { }
        ReceivedRequest received = Assert.Single(Server.Requests);
        Assert.Equal(401, received.Status);
        Assert.Equal("Bearer wrong", received.Headers["authorization"]);
        Assert.Equal(ValidBody, received.Body);
    }

    [Fact]
    public async Task Models_RequiresKey()
    {
        using HttpResponseMessage anonymous = await Http.GetAsync($"{Server.BaseUrl}/models");
        await AssertErrorAsync(anonymous, 401, code: "invalid_api_key");
    }

    [Fact]
    public async Task AnyKeyServer_AcceptsAnyNonEmptyKey_ButNotNone()
    {
        await using VisionTestServer anyKey = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = null });
        Assert.Null(anyKey.ApiKey);
        var url = new Uri($"{anyKey.BaseUrl}/chat/completions");

        using var withKey = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(ValidBody, null, "application/json") };
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "whatever-1");
        using HttpResponseMessage ok = await Http.SendAsync(withKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var withoutKey = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(ValidBody, null, "application/json") };
        using HttpResponseMessage missing = await Http.SendAsync(withoutKey);
        await AssertErrorAsync(missing, 401, code: "invalid_api_key");
    }
}
