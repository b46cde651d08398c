using System.Text;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.EndToEnd;

public class ChatEndToEndTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;

    public ChatEndToEndTests(ServerFixture fixture) => _f = fixture;

    private static string Image(string relative) => Path.Combine(SharedPaths.TestImages, relative);

    private static ExpectedImage Expect(ImagePart part) =>
        ExpectedImage.FromBytes(part.MimeType!, part.Width!.Value, part.Height!.Value, part.Data.Span, part.Detail);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Chat_FileImages_ArriveExactlyAndUsageIsReported(bool stream)
    {
        ImagePart jpeg = ImagePartFactory.FromFile(Image("jpeg/baseline_420_227x149.jpg"), "low");
        ImagePart png = ImagePartFactory.FromFile(Image("png/rgba_8bit_basn6a08.png"));
        ImagePart url = ImagePartFactory.FromUrl("https://example.com/cat.jpg", "high");
        var call = ChatCallBuilder.Build(_f.Settings(stream: stream), "Compare these.", [jpeg, png, url]);
        var streamed = new StringBuilder();

        ChatResult result = await _f.RunAsync(call, onText: t => streamed.Append(t));

        string expected = VisionTestServer.ExpectedText("gpt-4o", 1, "Compare these.", Expect(jpeg), Expect(png), ExpectedImage.FromUrl("https://example.com/cat.jpg", "high"));
        Assert.Equal(expected, result.Text);
        Assert.Equal(expected, streamed.ToString());
        Assert.Equal("stop", result.FinishReason);
        Assert.NotNull(result.Usage);
        Assert.True(result.Usage!.PromptTokens > 0);
        Assert.Equal(result.Usage.PromptTokens + result.Usage.CompletionTokens, result.Usage.TotalTokens);
        Assert.StartsWith("req_", result.RequestId);
        Assert.Equal([jpeg.Source, png.Source, url.Source], result.Images);
        Assert.NotNull(result.TimeToFirstToken);
    }

    [Fact]
    public async Task Chat_StreamedAndWholeAnswers_AgreeOnTextAndUsage()
    {
        ImagePart jpeg = ImagePartFactory.FromFile(Image("jpeg/progressive_420_320x240.jpg"));
        ChatResult streamed = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(stream: true), "Describe.", [jpeg]));
        ChatResult whole = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(stream: false), "Describe.", [jpeg]));

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.Usage!.PromptTokens, streamed.Usage!.PromptTokens);
        Assert.Equal(whole.Usage.CompletionTokens, streamed.Usage.CompletionTokens);
    }

    [Theory]
    [InlineData(StreamFraming.Lf)]
    [InlineData(StreamFraming.CrLf)]
    [InlineData(StreamFraming.Cr)]
    [InlineData(StreamFraming.KeepAliveComments)]
    [InlineData(StreamFraming.Trickle)]
    [InlineData(StreamFraming.RandomSplit)]
    [InlineData(StreamFraming.AzureStyle)]
    [InlineData(StreamFraming.NoDone)]
    [InlineData(StreamFraming.MultiLineData)]
    public async Task Chat_EveryServerFraming_GivesTheSameAnswer(StreamFraming framing)
    {
        ImagePart png = ImagePartFactory.FromFile(Image("png/palette_8bit_basn3p08.png"));
        string expected = VisionTestServer.ExpectedText("gpt-4o", 1, "Framing?", Expect(png));
        _f.Server.EnqueueFault(Fault.WithFraming(framing));

        ChatResult result = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "Framing?", [png]));

        Assert.Equal(expected, result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.NotNull(result.Usage);
    }

    [Fact]
    public async Task Chat_ContinuingAConversation_SendsTheHistory()
    {
        ImagePart jpeg = ImagePartFactory.FromFile(Image("exif/landscape_orientation_1.jpg"));
        ChatResult first = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "What is on the left?", [jpeg]));

        ChatResult second = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "and the right one?", [], first.Messages));

        Assert.Contains("messages: 3", second.Text);
        Assert.Contains("prompt: and the right one?", second.Text);
        Assert.Equal(4, second.Messages.Count);
        Assert.Equal(first.Text, second.Messages[1].Content.Text);
    }

    [Fact]
    public async Task Chat_MaxTokens_CutsTheAnswerWithFinishLength()
    {
        ChatResult result = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(maxTokens: 3), "Short please.", []));

        Assert.Equal("length", result.FinishReason);
        Assert.Equal(3, result.Usage!.CompletionTokens);
    }

    [Fact]
    public async Task Chat_WrongKey_Is401AndStopsTheCommand()
    {
        var ex = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "hi", []), key: "sk-wrong"));

        Assert.Equal(401, ex.StatusCode);
        var info = ErrorClassifier.Classify(ex, "target");
        Assert.Equal(ErrorIds.ApiAuthenticationFailed, info.ErrorId);
        Assert.True(info.StopsCommand);
    }

    [Fact]
    public async Task Chat_UnknownModel_IsModelNotFound()
    {
        var ex = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(ChatCallBuilder.Build(_f.Settings(model: "no-such-model"), "hi", [])));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal(ErrorIds.ModelNotFound, ErrorClassifier.Classify(ex, null).ErrorId);
    }

    [Fact]
    public async Task Chat_ImageToTextOnlyModel_IsRejectedWithTheServersReason()
    {
        ImagePart png = ImagePartFactory.FromFile(Image("png/gray_1bit_basn0g01.png"));

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(ChatCallBuilder.Build(_f.Settings(model: "text-only-model"), "hi", [png])));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(ErrorIds.ApiRequestRejected, ErrorClassifier.Classify(ex, null).ErrorId);
        Assert.False(string.IsNullOrEmpty(ex.ServerMessage));
    }

    [Fact]
    public async Task Chat_RateLimited_CarriesRetryAfter()
    {
        _f.Server.EnqueueFault(Fault.RateLimited(TimeSpan.FromMilliseconds(1500)));

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "hi", [])));

        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.RetryAfter);
        Assert.Equal(ErrorIds.ApiRateLimited, ErrorClassifier.Classify(ex, null).ErrorId);
    }

    [Fact]
    public async Task Chat_ServerError_IsApiServerError()
    {
        _f.Server.EnqueueFault(Fault.Status(503));

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "hi", [])));

        Assert.Equal(ErrorIds.ApiServerError, ErrorClassifier.Classify(ex, null).ErrorId);
    }

    [Fact]
    public async Task Chat_StreamCutMidEvent_IsInterrupted()
    {
        _f.Server.EnqueueFault(Fault.CutStream(afterChunks: 2));
        var streamed = new StringBuilder();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "hi", []), onText: t => streamed.Append(t)));

        // The chunks sent before the cut arrived; the half event after them was dropped, not half-parsed.
        Assert.StartsWith(streamed.ToString(), VisionTestServer.ExpectedText("gpt-4o", 1, "hi"));
        Assert.True(streamed.Length > 0);
        Assert.Equal(ErrorIds.StreamInterrupted, ErrorClassifier.Classify(ex, null).ErrorId);
    }

    [Fact]
    public async Task Chat_StreamStalls_TimesOut()
    {
        _f.Server.EnqueueFault(Fault.Stall(afterChunks: 1));

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "hi", []), timeout: TimeSpan.FromMilliseconds(200)));
        Assert.Equal(ErrorIds.ApiTimeout, ErrorClassifier.Classify(ex, null).ErrorId);
    }

    [Fact]
    public async Task Chat_StreamStalls_CancellationEndsIt()
    {
        _f.Server.EnqueueFault(Fault.Stall(afterChunks: 1));
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "hi", []), onText: _ => cts.Cancel(), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Chat_ErrorEventMidStream_IsApiStreamError()
    {
        _f.Server.EnqueueFault(Fault.ErrorEvent(afterChunks: 2));

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "hi", [])));

        Assert.True(ex.DuringStream);
        Assert.Equal(ErrorIds.ApiStreamError, ErrorClassifier.Classify(ex, null).ErrorId);
    }

    [Fact]
    public async Task Chat_NothingListening_IsConnectionFailed()
    {
        var client = new VisionChatClient(new VisionClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), ApiKey = new ApiCredential("k") });

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => new ChatRunner(client).RunAsync(Clients2.Call(), null));
        Assert.Equal(ErrorIds.ApiConnectionFailed, ErrorClassifier.Classify(ex, null).ErrorId);
    }

    [Fact]
    public async Task Models_ListsTheServersModels()
    {
        using var client = _f.Client();

        var models = await client.ListModelsAsync();

        Assert.Contains(models.Data!, m => m.Id == "gpt-4o");
    }

    private static class Clients2
    {
        public static ChatCall Call() => ChatCallBuilder.Build(new ChatSettings { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "m" }, "hi", []);
    }
}
