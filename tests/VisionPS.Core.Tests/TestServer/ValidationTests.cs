using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VisionPS.Core.Tests.TestServer;

public sealed class ValidationTests : ServerTestBase
{
    private const string User = """{"role":"user","content":"hi"}""";

    /// <summary>Body, expected param, expected code; all are 400 invalid_request_error.</summary>
    public static TheoryData<string, string?, string?> BadBodies => new()
    {
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"foo":1}""", "foo", null },
        { $$$"""{"messages":[{{{User}}}]}""", "model", "missing_required_parameter" },
        { $$$"""{"model":7,"messages":[{{{User}}}]}""", "model", "invalid_type" },
        { """{"model":"gpt-4o"}""", "messages", "missing_required_parameter" },
        { """{"model":"gpt-4o","messages":[]}""", "messages", "empty_array" },
        { """{"model":"gpt-4o","messages":{}}""", "messages", "invalid_type" },
        { """{"model":"gpt-4o","messages":["hi"]}""", "messages[0]", "invalid_type" },
        { """{"model":"gpt-4o","messages":[{"role":"bot","content":"hi"}]}""", "messages[0].role", "invalid_value" },
        { """{"model":"gpt-4o","messages":[{"content":"hi"}]}""", "messages[0].role", "missing_required_parameter" },
        { """{"model":"gpt-4o","messages":[{"role":"user"}]}""", "messages[0].content", "missing_required_parameter" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":null}]}""", "messages[0].content", "invalid_type" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":42}]}""", "messages[0].content", "invalid_type" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[]}]}""", "messages[0].content", "empty_array" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":"hi","extra":1}]}""", "messages[0].extra", null },
        { """{"model":"gpt-4o","messages":[{"role":"tool","content":"hi"}]}""", "messages[0].tool_call_id", "missing_required_parameter" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"input_video","video":"x"}]}]}""", "messages[0].content[1].type", "invalid_value" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"text":"a"}]}]}""", "messages[0].content[0].type", "missing_required_parameter" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0].text", "missing_required_parameter" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":5}]}]}""", "messages[0].content[0].text", "invalid_type" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"a","image_url":{}}]}]}""", "messages[0].content[0].image_url", null },
        { """{"model":"gpt-4o","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}""", "messages[0].content[0].type", "invalid_value" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":"https://example.com/a.png"}]}]}""", "messages[0].content[0].image_url", "invalid_type" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url"}]}]}""", "messages[0].content[0].image_url", "missing_required_parameter" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"detail":"low"}}]}]}""", "messages[0].content[0].image_url.url", "missing_required_parameter" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"ultra"}}]}]}""", "messages[0].content[0].image_url.detail", "invalid_value" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":null}}]}]}""", "messages[0].content[0].image_url.detail", "invalid_type" },
        { """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png","size":1}}]}]}""", "messages[0].content[0].image_url.size", null },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"temperature":2.5}""", "temperature", "decimal_above_max_value" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"temperature":-0.1}""", "temperature", "decimal_below_min_value" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"temperature":"hot"}""", "temperature", "invalid_type" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"max_tokens":0}""", "max_tokens", "integer_below_min_value" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"max_completion_tokens":-5}""", "max_completion_tokens", "integer_below_min_value" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"max_tokens":"10"}""", "max_tokens", "invalid_type" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"max_tokens":1.5}""", "max_tokens", "invalid_type" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"max_tokens":10,"max_completion_tokens":10}""", "max_tokens", "invalid_value" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"stream":"yes"}""", "stream", "invalid_type" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"stream_options":{"include_usage":true}}""", "stream_options", "invalid_value" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"stream":false,"stream_options":{"include_usage":true}}""", "stream_options", "invalid_value" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"stream":true,"stream_options":{"include_usage":"yes"}}""", "stream_options.include_usage", "invalid_type" },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"stream":true,"stream_options":{"usage":true}}""", "stream_options.usage", null },
        { $$$"""{"model":"gpt-4o","messages":[{{{User}}}],"n":2}""", "n", "invalid_value" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Chat_InvalidBody_Returns400WithParamPath(string body, string? param, string? code)
    {
        using HttpResponseMessage response = await PostChatAsync(body);
        await AssertErrorAsync(response, 400, "invalid_request_error", param, code);
    }

    [Fact]
    public async Task Chat_UnknownField_MessageNamesIt()
    {
        using HttpResponseMessage response = await PostChatAsync($$$"""{"model":"gpt-4o","messages":[{{{User}}}],"foo":1}""");
        JsonElement error = await AssertErrorAsync(response, 400, param: "foo");
        Assert.Equal("Unrecognized request argument supplied: foo", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_StreamOptionsWithoutStream_HasOpenAIMessage()
    {
        using HttpResponseMessage response = await PostChatAsync($$$"""{"model":"gpt-4o","messages":[{{{User}}}],"stream_options":{"include_usage":true}}""");
        JsonElement error = await AssertErrorAsync(response, 400, param: "stream_options", code: "invalid_value");
        Assert.Equal("The 'stream_options' parameter is only allowed when 'stream' is enabled.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_UnknownModel_Returns404ModelNotFound()
    {
        using HttpResponseMessage response = await PostChatAsync(Chat.Body("gpt-9", Chat.Message("user", "hi")));
        JsonElement error = await AssertErrorAsync(response, 404, "invalid_request_error", param: "model", code: "model_not_found");
        Assert.Equal("The model `gpt-9` does not exist or you do not have access to it.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_AllKnownSpecFields_AreAccepted()
    {
        JsonObject body = Chat.Body("gpt-4o", Chat.Message("system", "be brief"), Chat.Message("developer", "really"), Chat.Message("user", "hi"));
        body["temperature"] = 0;
        body["top_p"] = 1;
        body["user"] = "u1";
        body["seed"] = 7;
        body["max_completion_tokens"] = 1000;
        body["n"] = 1;
        body["stream"] = false;
        body["stream_options"] = null;
        body["response_format"] = new JsonObject { ["type"] = "text" };
        JsonElement completion = await CompleteAsync(body);
        Assert.StartsWith("model: gpt-4o\nmessages: 3\n", ContentOf(completion), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_AssistantWithNullContentAndToolCalls_AndToolMessage_AreAccepted()
    {
        const string body = """
            {"model":"gpt-4o","messages":[
              {"role":"user","content":"weather?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"sunny"},
              {"role":"assistant","content":[{"type":"text","text":"ok"},{"type":"refusal","refusal":"no"}]},
              {"role":"user","content":"thanks"}]}
            """;
        using HttpResponseMessage response = await PostChatAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Chat_NonJsonContentType_Returns400(string contentType)
    {
        using HttpRequestMessage request = ChatRequest($$$"""{"model":"gpt-4o","messages":[{{{User}}}]}""");
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using HttpResponseMessage response = await Http.SendAsync(request);
        await AssertErrorAsync(response, 400);
    }

    [Theory]
    [InlineData("{\"model\":")]
    [InlineData("")]
    [InlineData("{\"model\":\"gpt-4o\",\"model\":\"gpt-4o\",\"messages\":[]}")]
    public async Task Chat_UnparseableOrDuplicateKeyJson_Returns400(string body)
    {
        using HttpResponseMessage response = await PostChatAsync(body);
        JsonElement error = await AssertErrorAsync(response, 400);
        Assert.StartsWith("We could not parse the JSON body of your request.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    public async Task Chat_BodyNotAnObject_Returns400(string body)
    {
        using HttpResponseMessage response = await PostChatAsync(body);
        await AssertErrorAsync(response, 400, code: "invalid_type");
    }

    [Fact]
    public async Task Chat_ContentTypeWithCharset_IsAccepted()
    {
        using HttpRequestMessage request = ChatRequest($$$"""{"model":"gpt-4o","messages":[{{{User}}}]}""");
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes($$$"""{"model":"gpt-4o","messages":[{{{User}}}]}"""));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        using HttpResponseMessage response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Chat_GetMethod_Returns405()
    {
        using HttpResponseMessage response = await Http.GetAsync(ChatUrl);
        await AssertErrorAsync(response, 405);
    }

    [Fact]
    public async Task UnknownPath_Returns404InvalidUrl()
    {
        using HttpResponseMessage response = await Http.PostAsync($"{Server.BaseUrl}/completions/chat", new StringContent("{}"));
        JsonElement error = await AssertErrorAsync(response, 404);
        Assert.Equal("Invalid URL (POST /v1/completions/chat)", error.GetProperty("message").GetString());
    }
}
