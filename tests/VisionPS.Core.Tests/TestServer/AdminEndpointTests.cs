using System.Net;
using System.Text;
using System.Text.Json;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

public sealed class AdminEndpointTests : ServerTestBase
{
    private Uri Admin(string path) => new(Server.BaseUrl, "/_test/" + path);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonElement> AdminJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task PostFault_Status_AppliesToNextChatRequest()
    {
        using HttpResponseMessage queued = await Http.PostAsync(Admin("faults"), Json("""{"kind":"status","status":503}"""));
        Assert.Equal(1, (await AdminJsonAsync(queued)).GetProperty("pending").GetInt32());

        using HttpResponseMessage chat = await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hi")));
        await AssertErrorAsync(chat, 503, "server_error");
    }

    [Fact]
    public async Task PostFault_RateLimited_SendsRetryHeaders()
    {
        using (HttpResponseMessage queued = await Http.PostAsync(Admin("faults"), Json("""{"kind":"rateLimited","retryAfterSeconds":1}""")))
        {
            await AdminJsonAsync(queued);
        }

        using HttpResponseMessage chat = await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hi")));
        await AssertErrorAsync(chat, 429, "requests", code: "rate_limit_exceeded");
        Assert.Equal("1", Assert.Single(chat.Headers.GetValues("retry-after")));
        Assert.Equal("1000", Assert.Single(chat.Headers.GetValues("retry-after-ms")));
    }

    [Fact]
    public async Task PostFault_Array_QueuesAllInOrder()
    {
        using (HttpResponseMessage queued = await Http.PostAsync(Admin("faults"), Json("""[{"kind":"status","status":500},{"kind":"status","status":502,"rawBody":"<html>bad gateway</html>"}]""")))
        {
            Assert.Equal(2, (await AdminJsonAsync(queued)).GetProperty("pending").GetInt32());
        }

        using HttpResponseMessage first = await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hi")));
        using HttpResponseMessage second = await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hi")));
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        Assert.Equal("<html>bad gateway</html>", await second.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"kind":"explode"}""")]
    [InlineData("""{"status":503}""")]
    [InlineData("""{"kind":"status"}""")]
    [InlineData("""{"kind":"status","status":200}""")]
    [InlineData("""{"kind":"stall","afterChunks":-1}""")]
    [InlineData("""{"kind":"framing","framing":"smoke-signals"}""")]
    [InlineData("""{"kind":"delay","ms":100}""")]
    [InlineData("not json")]
    public async Task PostFault_Invalid_Returns400AndQueuesNothing(string json)
    {
        using HttpResponseMessage response = await Http.PostAsync(Admin("faults"), Json(json));
        await AssertErrorAsync(response, 400);
        using HttpResponseMessage pending = await Http.GetAsync(Admin("faults"));
        Assert.Equal(0, (await AdminJsonAsync(pending)).GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task PutFraming_ChangesServerFraming_GetReadsIt()
    {
        using HttpResponseMessage put = await Http.PutAsync(Admin("framing"), Json("""{"framing":"trickle"}"""));
        Assert.Equal("Trickle", (await AdminJsonAsync(put)).GetProperty("framing").GetString());
        Assert.Equal(StreamFraming.Trickle, Server.Framing);

        using HttpResponseMessage put2 = await Http.PutAsync(Admin("framing"), Json("""{"framing":"keep-alive-comments"}"""));
        Assert.Equal(StreamFraming.KeepAliveComments, Server.Framing);
        using HttpResponseMessage get = await Http.GetAsync(Admin("framing"));
        Assert.Equal("KeepAliveComments", (await AdminJsonAsync(get)).GetProperty("framing").GetString());

        using HttpResponseMessage bad = await Http.PutAsync(Admin("framing"), Json("""{"framing":"morse"}"""));
        await AssertErrorAsync(bad, 400);
    }

    [Fact]
    public async Task GetRequests_ListsBodiesAndStatus_WithoutAuthorization()
    {
        string body = Chat.Body("gpt-4o", Chat.Message("user", "Ответ?")).ToJsonString();
        using (await PostChatAsync(body)) { }
        using (await PostChatAsync(body, key: "wrong")) { }

        using HttpResponseMessage response = await Http.GetAsync(Admin("requests"));
        JsonElement list = await AdminJsonAsync(response);
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(body, list[0].GetProperty("body").GetString());
        Assert.Equal("gpt-4o", list[0].GetProperty("json").GetProperty("model").GetString());
        Assert.Equal(200, list[0].GetProperty("status").GetInt32());
        Assert.Equal(401, list[1].GetProperty("status").GetInt32());
        foreach (JsonElement request in list.EnumerateArray())
        {
            Assert.DoesNotContain(request.GetProperty("headers").EnumerateObject(), h => h.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(request.GetProperty("headers").EnumerateObject(), h => h.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase));
        }

        Assert.DoesNotContain("test-key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Bearer test-key", Server.Requests[0].Headers["Authorization"]); // C# API keeps it
    }

    [Fact]
    public async Task Reset_ClearsFaultsRequestsAndFraming()
    {
        Server.Framing = StreamFraming.Cr;
        Server.EnqueueFault(Fault.Status(500));
        using (await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hi")))) { }
        Server.EnqueueFault(Fault.Status(500));

        using HttpResponseMessage reset = await Http.PostAsync(Admin("reset"), null);
        Assert.True((await AdminJsonAsync(reset)).GetProperty("reset").GetBoolean());
        Assert.Empty(Server.Requests);
        Assert.Equal(StreamFraming.Lf, Server.Framing);
        using HttpResponseMessage chat = await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hi")));
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
    }

    [Fact]
    public async Task StreamFaultsViaAdmin_Work()
    {
        using (await Http.PostAsync(Admin("faults"), Json("""{"kind":"errorEvent","afterChunks":1,"message":"late failure"}"""))) { }
        var body = Chat.Body("gpt-4o", Chat.Message("user", "hi"));
        body["stream"] = true;
        using HttpResponseMessage response = await PostChatStreamingAsync(body);
        SseCapture capture = await SseCapture.ReadAsync(await response.Content.ReadAsStreamAsync());
        Assert.Equal("late failure", capture.Error!.Value.GetProperty("message").GetString());
    }

    /// <summary>Each documented JSON form parses to the same record the C# factory makes.</summary>
    [Fact]
    public void FaultJson_DocumentedForms_EqualFactories()
    {
        Assert.Equal(Fault.Status(503), Parse("""{"kind":"status","status":503}"""));
        Assert.Equal(Fault.Status(502, "m", "t", "c", TimeSpan.FromSeconds(2), "<p>"), Parse("""{"kind":"status","status":502,"message":"m","type":"t","code":"c","retryAfterSeconds":2,"rawBody":"<p>"}"""));
        Assert.Equal(Fault.RateLimited(TimeSpan.FromSeconds(1)), Parse("""{"kind":"rateLimited","retryAfterSeconds":1}"""));
        Assert.Equal(Fault.RateLimited(TimeSpan.FromMilliseconds(250)), Parse("""{"kind":"RATE_LIMITED","retryAfterMs":250}"""));
        Assert.Equal(Fault.CutStream(2), Parse("""{"kind":"cutStream","afterChunks":2}"""));
        Assert.Equal(Fault.Stall(1), Parse("""{"kind":"stall","afterChunks":1}"""));
        Assert.Equal(Fault.ErrorEvent(1), Parse("""{"kind":"errorEvent","afterChunks":1}"""));
        Assert.Equal(Fault.WithFraming(StreamFraming.CrLf), Parse("""{"kind":"framing","framing":"crlf"}"""));
        Assert.Equal(Fault.WithFraming(StreamFraming.MultiLineData), Parse("""{"kind":"framing","framing":"multi_line_data"}"""));
        Assert.Equal(Fault.Delay(TimeSpan.FromMilliseconds(100)), Parse("""{"kind":"delay","milliseconds":100}"""));

        static Fault Parse(string json) => FaultJson.Parse(JsonDocument.Parse(json).RootElement);
    }

    [Fact]
    public async Task AdminEndpoints_NeedNoAuth_ButAreNotUnderV1()
    {
        using HttpResponseMessage response = await Http.GetAsync(Admin("faults"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using HttpResponseMessage wrongMethod = await Http.DeleteAsync(Admin("faults"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }
}
