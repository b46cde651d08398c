using System.Text;
using VisionPS.Core.Http;
using VisionPS.Core.Tests.Fakes;

namespace VisionPS.Core.Tests.Http;

public class StreamingTests
{
    public static TheoryData<string, int> NewlineAndPieceSize()
    {
        var data = new TheoryData<string, int>();
        foreach (string newline in new[] { "\n", "\r\n", "\r" })
        {
            // int.MaxValue = whole body in one read; 1 = one byte per read (splits every UTF-8 character); 3 and 7 split at odd places.
            foreach (int piece in new[] { int.MaxValue, 1, 3, 7 })
            {
                data.Add(newline, piece);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NewlineAndPieceSize))]
    public async Task Stream_AnyFramingAndSplit_YieldsWholeTextUsageAndFinish(string newline, int piece)
    {
        byte[] body = SseBodies.Utf8(SseBodies.Build(newline));
        var handler = new FakeHttpMessageHandler().RespondStream(new ScriptedStream(body, _ => piece));
        var streamed = new StringBuilder();

        ChatResult result = await Clients.RunAsync(handler, t => streamed.Append(t));

        Assert.Equal(SseBodies.ExpectedText, result.Text);
        Assert.Equal(SseBodies.ExpectedText, streamed.ToString());
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal("m-1", result.Model);
        Assert.Equal("chatcmpl-1", result.Id);
        Assert.Equal("req_fake", result.RequestId);
        Assert.NotNull(result.Usage);
        Assert.Equal((10, 5, 15, 2, 1), (result.Usage!.PromptTokens, result.Usage.CompletionTokens, result.Usage.TotalTokens, result.Usage.CachedTokens, result.Usage.ReasoningTokens));
    }

    [Fact]
    public async Task Stream_RandomSplitsWithSeed_AlwaysReassembles()
    {
        byte[] body = SseBodies.Utf8(SseBodies.Build("\r\n"));
        for (int seed = 0; seed < 50; seed++)
        {
            var random = new Random(seed);
            var handler = new FakeHttpMessageHandler().RespondStream(new ScriptedStream(body, _ => random.Next(1, 40)));
            ChatResult result = await Clients.RunAsync(handler);
            Assert.Equal(SseBodies.ExpectedText, result.Text);
        }
    }

    [Fact]
    public async Task Stream_DataSplitOverSeveralDataLines_IsJoined()
    {
        const string sse = "data: {\"choices\":[{\"index\":0,\n" +
                           "data: \"delta\":{\"content\":\"two lines\"},\"finish_reason\":\"stop\"}]}\n\n" +
                           "data: [DONE]\n\n";
        var handler = new FakeHttpMessageHandler().RespondSse(sse);

        ChatResult result = await Clients.RunAsync(handler);

        Assert.Equal("two lines", result.Text);
    }

    [Fact]
    public async Task Stream_WithBom_IsRead()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. SseBodies.Utf8(SseBodies.Build())];
        var handler = new FakeHttpMessageHandler().RespondStream(new MemoryStream(body));

        ChatResult result = await Clients.RunAsync(handler);

        Assert.Equal(SseBodies.ExpectedText, result.Text);
    }

    [Fact]
    public async Task Stream_EndsWithoutDoneButFinished_IsComplete()
    {
        var handler = new FakeHttpMessageHandler().RespondSse(SseBodies.Build(done: false));

        ChatResult result = await Clients.RunAsync(handler);

        Assert.Equal(SseBodies.ExpectedText, result.Text);
        Assert.Equal(15, result.Usage!.TotalTokens);
    }

    [Fact]
    public async Task Stream_EndsWithoutDoneOrFinish_IsInterrupted()
    {
        var handler = new FakeHttpMessageHandler().RespondSse(SseBodies.Build(done: false, events: SseBodies.Events[..4]));

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => Clients.RunAsync(handler));
        Assert.Contains("ended before it was complete", ex.Message);
    }

    [Fact]
    public async Task Stream_ConnectionCutMidEvent_IsInterrupted()
    {
        string partial = SseBodies.Build(done: false, events: SseBodies.Events[..4]) + "data: {\"id\":\"chatcmpl-1\",\"choi";
        var handler = new FakeHttpMessageHandler().RespondStream(new ScriptedStream(SseBodies.Utf8(partial), ending: ScriptedStream.Ending.Cut));

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => Clients.RunAsync(handler));
        Assert.IsType<IOException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task Stream_ErrorEventMidStream_BecomesApiException()
    {
        string[] events =
        [
            SseBodies.Events[2],
            """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":"overloaded"}}""",
        ];
        var handler = new FakeHttpMessageHandler().RespondSse(SseBodies.Build(done: false, events: events));
        var streamed = new StringBuilder();

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => Clients.RunAsync(handler, t => streamed.Append(t)));

        Assert.True(ex.DuringStream);
        Assert.Null(ex.StatusCode);
        Assert.Equal("server_error", ex.ErrorType);
        Assert.Equal("overloaded", ex.ErrorCode);
        Assert.Equal("req_fake", ex.RequestId);
        Assert.Contains("The server had an error", ex.Message);
        Assert.Equal("Héllo", streamed.ToString());
    }

    [Fact]
    public async Task Stream_NamedErrorEvent_BecomesApiException()
    {
        const string sse = "event: error\ndata: {\"message\":\"model crashed\",\"code\":500}\n\n";
        var handler = new FakeHttpMessageHandler().RespondSse(sse);

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => Clients.RunAsync(handler));

        Assert.Equal("model crashed", ex.ServerMessage);
        Assert.Equal("500", ex.ErrorCode);
    }

    [Fact]
    public async Task Stream_InvalidJsonEvent_IsProtocolError()
    {
        var handler = new FakeHttpMessageHandler().RespondSse("data: {not json\n\n");

        var ex = await Assert.ThrowsAsync<ApiProtocolException>(() => Clients.RunAsync(handler));
        Assert.Contains("{not json", ex.Message);
    }

    [Fact]
    public async Task Stream_ServerGoesSilent_TimesOut()
    {
        byte[] start = SseBodies.Utf8(SseBodies.Build(done: false, events: SseBodies.Events[..3]));
        var handler = new FakeHttpMessageHandler().RespondStream(new ScriptedStream(start, ending: ScriptedStream.Ending.Stall));

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => Clients.RunAsync(handler, timeout: TimeSpan.FromMilliseconds(50)));
        Assert.Contains("stopped sending", ex.Message);
    }

    [Fact]
    public async Task Stream_CallerCancels_ThrowsOperationCanceled()
    {
        byte[] start = SseBodies.Utf8(SseBodies.Build(done: false, events: SseBodies.Events[..3]));
        var handler = new FakeHttpMessageHandler().RespondStream(new ScriptedStream(start, ending: ScriptedStream.Ending.Stall));
        using var cts = new CancellationTokenSource();
        var runner = new VisionPS.Core.Chat.ChatRunner(Clients.Create(handler));

        // Cancel as soon as the first text arrives: the next read stalls until the token fires.
        var run = runner.RunAsync(Clients.Call(), _ => cts.Cancel(), cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task ChatStream_SecondEnumeration_Throws()
    {
        var handler = new FakeHttpMessageHandler().RespondSse(SseBodies.Build());
        using var client = Clients.Create(handler);
        await using var stream = await client.StartStreamAsync(Clients.Call().Request);
        await foreach (var _ in stream.ReadChunksAsync())
        {
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in stream.ReadChunksAsync())
            {
            }
        });
        Assert.True(stream.SawDone);
    }
}
