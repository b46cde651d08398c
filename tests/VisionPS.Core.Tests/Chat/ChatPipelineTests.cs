using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Tests.EndToEnd;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Chat;

/// <summary>The shared request pipeline (issue 10 point 1) against the test server.</summary>
public sealed class ChatPipelineTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;

    public ChatPipelineTests(ServerFixture fixture) => _f = fixture;

    private ChatPipeline Pipeline(VisionChatClient client, ChatSettings options) =>
        new(Connection.Resolve(_f.Server.BaseUrl.ToString(), new ApiCredential(ServerFixture.Key), _ => null), client, options);

    private static ImagePart Photo() => ImagePartFactory.FromFile(Path.Combine(SharedPaths.TestImages, "jpeg/baseline_420_227x149.jpg"));

    [Fact]
    public async Task RunAsync_RetriesAndCounts_LikeInvokeVisionChat()
    {
        using VisionChatClient client = _f.Client();
        ChatPipeline pipeline = Pipeline(client, new ChatSettings { BaseUrl = _f.Server.BaseUrl, Model = "gpt-4o", Retry = new() { MaximumRetryCount = 2, MaximumRetryWait = TimeSpan.FromSeconds(1) } });
        _f.Server.EnqueueFault(Fault.Status(503, retryAfter: TimeSpan.FromMilliseconds(10)));

        ChatCall call = pipeline.Build(pipeline.SettingsFor(null, null), "Describe", [Photo()], null);
        ChatResult result = await pipeline.RunAsync(call, null, null, CancellationToken.None);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(1, pipeline.Counters.Retries);
        Assert.Equal(result.Usage!.PromptTokens, pipeline.Counters.PromptTokens);
        Assert.Equal("gpt-4o", call.Request.Model);
    }

    [Fact]
    public void Charge_StopsBeforeTheRequestThatWouldPassMaxCost()
    {
        using VisionChatClient client = _f.Client();
        // gpt-4o has a catalog price; one 227x149 image is about 0.0007 USD of prompt.
        ChatPipeline pipeline = Pipeline(client, new ChatSettings { BaseUrl = _f.Server.BaseUrl, Model = "gpt-4o", MaxCost = 0.001m });
        ChatCall call = pipeline.Build(pipeline.SettingsFor(null, null), "Describe", [Photo()], null);

        pipeline.Charge(call);
        var e = Assert.Throws<CostLimitException>(() => pipeline.Charge(call));

        Assert.Equal(ErrorIds.CostLimitExceeded, e.ErrorId);
        Assert.True(ErrorClassifier.Classify(e, null).StopsCommand);
    }

    [Fact]
    public void SettingsFor_ModelPerRecordOverridesTheOptions()
    {
        using VisionChatClient client = _f.Client();
        ChatPipeline pipeline = Pipeline(client, new ChatSettings { BaseUrl = _f.Server.BaseUrl, Model = "gpt-4o", ConversationModel = "gpt-4.1" });

        Assert.Equal("gpt-4o", pipeline.SettingsFor(null, null).Model);
        Assert.Equal("gpt-4o-mini", pipeline.SettingsFor("gpt-4o-mini", null).Model);
        Assert.Equal("gpt-4o", pipeline.ModelFor(null, "other"));
    }
}
