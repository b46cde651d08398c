using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

public sealed class StreamingTests : ServerTestBase
{
    public static TheoryData<StreamFraming> AllFramings => new(Enum.GetValues<StreamFraming>());

    private static JsonObject ImageBody(bool stream, bool includeUsage = false)
    {
        JsonObject body = Chat.Body("gpt-4o", Chat.Message("system", "sys"), Chat.Describe("image/png", TestPng.Header(1920, 1080), "high"));
        if (stream)
        {
            body["stream"] = true;
            if (includeUsage)
            {
                body["stream_options"] = new JsonObject { ["include_usage"] = true };
            }
        }

        return body;
    }

    private async Task<SseCapture> StreamAsync(JsonObject body)
    {
        using HttpResponseMessage response = await PostChatStreamingAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        return await SseCapture.ReadAsync(stream);
    }

    private async Task<byte[]> StreamRawAsync(JsonObject body)
    {
        using HttpResponseMessage response = await PostChatStreamingAsync(body);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Theory]
    [MemberData(nameof(AllFramings))]
    public async Task EveryFraming_ReassemblesToNonStreamingText_WithUsageLast(StreamFraming framing)
    {
        JsonElement plain = await CompleteAsync(ImageBody(stream: false));
        Server.Framing = framing;
        SseCapture capture = await StreamAsync(ImageBody(stream: true, includeUsage: true));

        Assert.Equal(ContentOf(plain), capture.Content);
        Assert.Null(capture.Error);
        Assert.Equal(framing != StreamFraming.NoDone, capture.SawDone);
        if (capture.SawDone)
        {
            Assert.Equal(SseCapture.Done, capture.Data[^1]); // nothing after [DONE]
        }

        JsonElement usageChunk = capture.Chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.True(JsonElement.DeepEquals(plain.GetProperty("usage"), usageChunk.GetProperty("usage")), usageChunk.GetRawText());

        JsonElement finish = capture.Chunks.Last(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].TryGetProperty("delta", out _));
        Assert.Equal("stop", finish.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Empty(finish.GetProperty("choices")[0].GetProperty("delta").EnumerateObject());
    }

    [Fact]
    public async Task Chunks_ShareIdAndCreated_RoleFirst_UsageNullUntilLast()
    {
        SseCapture capture = await StreamAsync(ImageBody(stream: true, includeUsage: true));
        Assert.Single(capture.Chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Single(capture.Chunks.Select(c => c.GetProperty("created").GetInt64()).Distinct());
        Assert.All(capture.Chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));

        JsonElement firstDelta = capture.Chunks[0].GetProperty("choices")[0].GetProperty("delta");
        Assert.Equal("""{"role":"assistant","content":""}""", firstDelta.GetRawText());
        Assert.All(capture.Chunks.SkipLast(1), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        Assert.Equal(JsonValueKind.Object, capture.Chunks[^1].GetProperty("usage").ValueKind);
    }

    [Fact]
    public async Task WithoutIncludeUsage_NoUsageChunk_AndNoUsageProperty()
    {
        SseCapture capture = await StreamAsync(ImageBody(stream: true));
        Assert.True(capture.SawDone);
        Assert.All(capture.Chunks, c =>
        {
            Assert.False(c.TryGetProperty("usage", out _));
            Assert.Equal(1, c.GetProperty("choices").GetArrayLength());
        });
    }

    [Fact]
    public async Task ContentDeltas_HaveChunkCharsUnicodeScalars()
    {
        SseCapture capture = await StreamAsync(ImageBody(stream: true));
        List<string> deltas = capture.Chunks.Select(SseCapture.DeltaContent).Where(d => d.Length > 0).ToList();
        Assert.All(deltas.SkipLast(1), d => Assert.Equal(8, d.EnumerateRunes().Count()));
        Assert.InRange(deltas[^1].EnumerateRunes().Count(), 1, 8);
        Assert.Contains(deltas, d => d.Contains("👍", StringComparison.Ordinal)); // the emoji is never split into surrogate halves
    }

    [Fact]
    public async Task ChunkCharsOption_SetsDeltaSize()
    {
        await using VisionTestServer server = await VisionTestServer.StartAsync(new TestServerOptions { ChunkChars = 3 });
        JsonObject body = Chat.Body("gpt-4o", Chat.Message("user", "hi"));
        body["stream"] = true;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.BaseUrl}/chat/completions")
        {
            Content = new StringContent(body.ToJsonString(), null, "application/json"),
            Headers = { Authorization = new("Bearer", Key) },
        };
        using HttpResponseMessage response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        SseCapture capture = await SseCapture.ReadAsync(await response.Content.ReadAsStreamAsync());
        List<string> deltas = capture.Chunks.Select(SseCapture.DeltaContent).Where(d => d.Length > 0).ToList();
        Assert.All(deltas.SkipLast(1), d => Assert.Equal(3, d.EnumerateRunes().Count()));
        Assert.Equal(VisionTestServer.ExpectedText("gpt-4o", 1, "hi"), string.Concat(deltas));
    }

    [Fact]
    public async Task MaxTokens_Streaming_FinishLength_MatchesNonStreaming()
    {
        JsonObject plainBody = Chat.Body("gpt-4o", Chat.Message("user", "hi"));
        plainBody["max_completion_tokens"] = 10;
        JsonElement plain = await CompleteAsync(plainBody);

        JsonObject streamBody = Chat.Body("gpt-4o", Chat.Message("user", "hi"));
        streamBody["max_completion_tokens"] = 10;
        streamBody["stream"] = true;
        SseCapture capture = await StreamAsync(streamBody);
        Assert.Equal(ContentOf(plain), capture.Content);
        Assert.Contains(capture.Chunks, c => c.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "length");
    }

    [Theory]
    [InlineData(StreamFraming.Lf, "data: {", "\r")]
    [InlineData(StreamFraming.CrLf, "}\r\n\r\ndata: ", "\n\n")]
    [InlineData(StreamFraming.Cr, "}\r\rdata: ", "\n")]
    [InlineData(StreamFraming.KeepAliveComments, ": OPENROUTER PROCESSING\n\n: keep-alive\n", "\r")]
    [InlineData(StreamFraming.NoDone, "data: {", "[DONE]")]
    [InlineData(StreamFraming.MultiLineData, "data: {\ndata: \"id\":", "\r")]
    [InlineData(StreamFraming.Trickle, "\n\ndata: [DONE]\n\n", "\r")]
    [InlineData(StreamFraming.RandomSplit, "\n\ndata: [DONE]\n\n", "\r")]
    public async Task RawBytes_ShowTheFraming(StreamFraming framing, string mustContain, string mustNotContain)
    {
        Server.Framing = framing;
        string raw = Encoding.UTF8.GetString(await StreamRawAsync(ImageBody(stream: true)));
        Assert.Contains(mustContain, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(mustNotContain, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\ud83d", raw, StringComparison.OrdinalIgnoreCase); // emoji sent as raw UTF-8
    }

    [Fact]
    public async Task AzureStyle_HasEmptyPromptFilterChunk_AndChoiceWithoutDelta()
    {
        Server.Framing = StreamFraming.AzureStyle;
        SseCapture capture = await StreamAsync(ImageBody(stream: true));
        JsonElement first = capture.Chunks[0];
        Assert.Equal("", first.GetProperty("id").GetString());
        Assert.Equal("", first.GetProperty("model").GetString());
        Assert.Equal(0, first.GetProperty("choices").GetArrayLength());
        Assert.True(first.TryGetProperty("prompt_filter_results", out _));

        Assert.Contains(capture.Chunks, c =>
            c.GetProperty("choices").GetArrayLength() == 1
            && !c.GetProperty("choices")[0].TryGetProperty("delta", out _)
            && c.GetProperty("choices")[0].TryGetProperty("content_filter_results", out _));
        Assert.True(capture.SawDone);
    }

    [Fact]
    public async Task FramingFault_AppliesToOneRequestOnly()
    {
        Server.EnqueueFault(Fault.WithFraming(StreamFraming.CrLf));
        string first = Encoding.UTF8.GetString(await StreamRawAsync(ImageBody(stream: true)));
        string second = Encoding.UTF8.GetString(await StreamRawAsync(ImageBody(stream: true)));
        Assert.Contains("\r\n\r\n", first, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FramingFault_OnNonStreamingRequest_HasNoEffect()
    {
        Server.EnqueueFault(Fault.WithFraming(StreamFraming.Trickle));
        JsonElement completion = await CompleteAsync(ImageBody(stream: false));
        Assert.Equal("stop", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }
}
