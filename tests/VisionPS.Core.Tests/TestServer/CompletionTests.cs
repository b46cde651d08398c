using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

public sealed class CompletionTests : ServerTestBase
{
    [Fact]
    public async Task NonStreaming_HasChatCompletionShape()
    {
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hello")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement c = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Matches("^chatcmpl-[0-9]+$", c.GetProperty("id").GetString());
        Assert.Equal("chat.completion", c.GetProperty("object").GetString());
        Assert.True(c.GetProperty("created").GetInt64() > 1_600_000_000);
        Assert.Equal("gpt-4o", c.GetProperty("model").GetString());
        JsonElement choice = Assert.Single(c.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        JsonElement message = choice.GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("refusal").ValueKind);
        Assert.Equal(VisionTestServer.ExpectedText("gpt-4o", 1, "hello"), message.GetProperty("content").GetString());
        JsonElement usage = c.GetProperty("usage");
        Assert.Equal(
            usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Answer_UsesStringContentOfLastUserMessage_AndCountsAllMessages()
    {
        JsonObject body = Chat.Body(
            "Qwen/Qwen2.5-VL-7B-Instruct",
            Chat.Message("system", "sys"),
            Chat.Message("user", "first"),
            Chat.Message("assistant", "ok"),
            Chat.Message("user", "second\nwith two lines"));
        JsonElement completion = await CompleteAsync(body);
        Assert.Equal(
            "model: Qwen/Qwen2.5-VL-7B-Instruct\nmessages: 4\nprompt: second\nwith two lines\nОтвет готов ✓ 完成 👍",
            ContentOf(completion));
    }

    [Fact]
    public async Task Answer_RawUtf8_FinalLineIsExact()
    {
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hi")));
        byte[] raw = await response.Content.ReadAsByteArrayAsync();
        string text = System.Text.Encoding.UTF8.GetString(raw);
        Assert.Contains(AnswerText.FinalLine, text, StringComparison.Ordinal); // not \u-escaped on the wire
    }

    [Fact]
    public async Task EveryResponse_CarriesRequestIdAndRateLimitHeaders()
    {
        using HttpResponseMessage ok = await PostChatAsync(Chat.Body("gpt-4o", Chat.Message("user", "hi")));
        using HttpResponseMessage error = await PostChatAsync(Chat.Body("nope", Chat.Message("user", "hi")));
        using HttpResponseMessage models = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Server.BaseUrl}/models") { Headers = { Authorization = new("Bearer", Key) } });
        var ids = new HashSet<string>();
        foreach (HttpResponseMessage r in new[] { ok, error, models })
        {
            string id = Assert.Single(r.Headers.GetValues("x-request-id"));
            Assert.Matches("^req_[0-9]+$", id);
            ids.Add(id);
            Assert.Equal("10000", Assert.Single(r.Headers.GetValues("x-ratelimit-limit-requests")));
            Assert.Matches("^[0-9]+$", Assert.Single(r.Headers.GetValues("x-ratelimit-remaining-requests")));
            Assert.Equal("1s", Assert.Single(r.Headers.GetValues("x-ratelimit-reset-requests")));
        }

        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public async Task Requests_AreRecordedInArrivalOrder_WithBodyHeadersAndStatus()
    {
        string first = Chat.Body("gpt-4o", Chat.Message("user", "one")).ToJsonString();
        string second = Chat.Body("missing-model", Chat.Message("user", "two")).ToJsonString();
        using (await PostChatAsync(first)) { }
        using (await PostChatAsync(second)) { }

        IReadOnlyList<ReceivedRequest> requests = Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(first, requests[0].Body);
        Assert.Equal(200, requests[0].Status);
        Assert.Equal("Bearer test-key", requests[0].Headers["Authorization"]);
        Assert.StartsWith("application/json", requests[0].Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(second, requests[1].Body);
        Assert.Equal(404, requests[1].Status);
    }

    [Fact]
    public async Task CompletionIds_AreDistinct()
    {
        JsonElement a = await CompleteAsync(Chat.Body("gpt-4o", Chat.Message("user", "a")));
        JsonElement b = await CompleteAsync(Chat.Body("gpt-4o", Chat.Message("user", "b")));
        Assert.NotEqual(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Models_ListsServedModels()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Server.BaseUrl}/models") { Headers = { Authorization = new("Bearer", Key) } };
        using HttpResponseMessage response = await Http.SendAsync(request);
        JsonElement list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.Equal(ServedModel.Defaults.Select(m => m.Id), list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        foreach (JsonElement model in list.GetProperty("data").EnumerateArray())
        {
            Assert.Equal(["id", "object", "created", "owned_by"], model.EnumerateObject().Select(p => p.Name));
            Assert.Equal("model", model.GetProperty("object").GetString());
        }
    }

    [Fact]
    public async Task Models_GetOne_AndUnknown404()
    {
        using var one = new HttpRequestMessage(HttpMethod.Get, $"{Server.BaseUrl}/models/Qwen/Qwen2.5-VL-7B-Instruct") { Headers = { Authorization = new("Bearer", Key) } };
        using HttpResponseMessage found = await Http.SendAsync(one);
        JsonElement model = JsonDocument.Parse(await found.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Qwen/Qwen2.5-VL-7B-Instruct", model.GetProperty("id").GetString());
        Assert.Equal("Qwen", model.GetProperty("owned_by").GetString());

        using var missing = new HttpRequestMessage(HttpMethod.Get, $"{Server.BaseUrl}/models/gpt-9") { Headers = { Authorization = new("Bearer", Key) } };
        using HttpResponseMessage notFound = await Http.SendAsync(missing);
        await AssertErrorAsync(notFound, 404, param: "model", code: "model_not_found");
    }

    [Fact]
    public async Task CustomModels_ReplaceDefaults()
    {
        await using VisionTestServer server = await VisionTestServer.StartAsync(new TestServerOptions
        {
            Models = [new ServedModel("my-vlm", ImageTokenRule.Tile(10, 20))],
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.BaseUrl}/chat/completions")
        {
            Content = new StringContent(Chat.Body("my-vlm", Chat.Describe("image/png", TestPng.Header(1024, 1024))).ToJsonString(), null, "application/json"),
            Headers = { Authorization = new("Bearer", Key) },
        };
        using HttpResponseMessage response = await Http.SendAsync(request);
        JsonElement usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("usage");
        Assert.Equal(3 + 3 + 2 + (10 + (20 * 4)), usage.GetProperty("prompt_tokens").GetInt32()); // "describe" = 8 bytes → 2
    }

    [Fact]
    public void BaseUrl_IsLoopbackV1WithoutTrailingSlash()
    {
        Assert.Equal("http", Server.BaseUrl.Scheme);
        Assert.Equal("127.0.0.1", Server.BaseUrl.Host);
        Assert.True(Server.BaseUrl.Port > 0);
        Assert.Equal("/v1", Server.BaseUrl.AbsolutePath);
        Assert.Matches(new Regex("^http://127\\.0\\.0\\.1:[0-9]+/v1$"), Server.BaseUrl.ToString());
        Assert.Equal("test-key", Server.ApiKey);
    }
}
