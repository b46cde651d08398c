using VisionPS.Core.Chat;
using VisionPS.Core.History;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Tests.EndToEnd;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.History;

/// <summary>The journal and the answer cache through the chat pipeline, against the test server.</summary>
public sealed class ChatHistoryTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly ServerFixture _f;
    private readonly HistoryFolder _dir = new();

    public ChatHistoryTests(ServerFixture fixture) => _f = fixture;

    public void Dispose() => _dir.Dispose();

    private ChatPipeline Pipeline(VisionChatClient client, HistoryOptions history, double? temperature = null) =>
        new(
            Connection.Resolve(_f.Server.BaseUrl.ToString(), new ApiCredential(ServerFixture.Key), _ => null),
            client,
            new ChatSettings { BaseUrl = _f.Server.BaseUrl, Model = "gpt-4o", Temperature = temperature, History = history, Environment = _dir.Environment });

    private static ImagePart Photo(string name = "jpeg/baseline_420_227x149.jpg") => ImagePartFactory.FromFile(Path.Combine(SharedPaths.TestImages, name));

    private static async Task<ChatResult> Ask(ChatPipeline pipeline, ImagePart image, bool stream = true)
    {
        ChatSettings settings = pipeline.SettingsFor(null, null);
        ChatCall call = pipeline.Build(stream ? settings : new ChatSettings { BaseUrl = settings.BaseUrl, Model = settings.Model, Stream = false, Catalog = settings.Catalog }, "Describe", [image], null);
        pipeline.Charge(call);
        return await pipeline.RunAsync(call, null, null, CancellationToken.None);
    }

    private int Sent => _f.Server.Requests.Count;

    [Fact]
    public async Task Cache_SecondIdenticalRequest_SendsNothingAndCostsNothing()
    {
        using VisionChatClient client = _f.Client();
        ChatResult first = await Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo());
        int sent = Sent;

        // A new run (a new pipeline), streamed the second time: the stream flags are not part of the key.
        ChatPipeline second = Pipeline(client, new HistoryOptions { Cache = true });
        ChatResult cached = await Ask(second, Photo(), stream: false);

        Assert.Equal(sent, Sent);
        Assert.False(first.FromCache);
        Assert.True(cached.FromCache);
        Assert.NotNull(cached.CachedAt);
        Assert.Equal(first.Text, cached.Text);
        Assert.Equal(first.Usage!.PromptTokens, cached.Usage!.PromptTokens);
        Assert.Equal(first.RequestId, cached.RequestId);
        Assert.Equal(0m, cached.Cost!.Amount);
        Assert.Equal(1, second.History.FromCache);
        Assert.Equal(0, second.Counters.PromptTokens);
    }

    [Fact]
    public async Task Cache_AnotherImage_IsSent()
    {
        using VisionChatClient client = _f.Client();
        await Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo());
        int sent = Sent;

        ChatResult other = await Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo("jpeg/grayscale_32x32.jpg"));

        Assert.Equal(sent + 1, Sent);
        Assert.False(other.FromCache);
    }

    [Fact]
    public async Task Refresh_SendsAgainAndReplacesTheAnswer()
    {
        using VisionChatClient client = _f.Client();
        await Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo());
        int sent = Sent;

        ChatResult refreshed = await Ask(Pipeline(client, new HistoryOptions { Cache = true, Refresh = true }), Photo());
        ChatResult cached = await Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo());

        Assert.Equal(sent + 1, Sent);
        Assert.False(refreshed.FromCache);
        Assert.True(cached.FromCache);
        Assert.Equal(refreshed.RequestId, cached.RequestId);
    }

    [Fact]
    public async Task WithoutCache_NothingIsLookedUpAndNoAnswerIsKept()
    {
        using VisionChatClient client = _f.Client();
        await Ask(Pipeline(client, new HistoryOptions()), Photo());
        int sent = Sent;

        ChatResult again = await Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo());

        Assert.Equal(sent + 1, Sent);
        Assert.False(again.FromCache);
    }

    [Fact]
    public async Task Journal_RecordsWhatWasAskedAndWhatItCost_NeverTheKey()
    {
        using VisionChatClient client = _f.Client();
        ChatResult result = await Ask(Pipeline(client, new HistoryOptions { Cache = true, Command = "Invoke-VisionChat" }), Photo());

        HistoryEntry row = Assert.Single(RunJournal.Open(_dir.DbPath).Query(new HistoryFilter()));

        Assert.Equal("Invoke-VisionChat", row.Command);
        Assert.EndsWith("baseline_420_227x149.jpg", row.Images, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Photo().Data.Span)).ToLowerInvariant(), row.ImageHashes);
        Assert.Equal("Describe", row.Prompt);
        Assert.Equal(result.Usage!.TotalTokens, row.TotalTokens);
        Assert.Equal(result.Cost!.Amount, row.Cost);
        Assert.Equal(result.RequestId, row.RequestId);
        Assert.Equal(result.FinishReason, row.FinishReason);
        Assert.NotNull(row.TimeToFirstToken);
        Assert.Null(row.ErrorId);
        AssertKeyNotInFiles();
    }

    [Fact]
    public async Task Private_KeepsOnlyHashesOfThePrompts()
    {
        using VisionChatClient client = _f.Client();
        await Ask(Pipeline(client, new HistoryOptions { Private = true }), Photo());

        HistoryEntry row = Assert.Single(RunJournal.Open(_dir.DbPath).Query(new HistoryFilter()));

        Assert.Null(row.Prompt);
        Assert.Equal(ChatHistory.Hash("Describe"), row.PromptHash);
        Assert.DoesNotContain("Describe", File.ReadAllText(_dir.DbPath) + ReadWal(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_RecordsAFailureWithItsErrorId()
    {
        using VisionChatClient client = _f.Client();
        _f.Server.EnqueueFault(Fault.Status(400));

        await Assert.ThrowsAsync<VisionApiException>(() => Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo()));

        HistoryEntry row = Assert.Single(RunJournal.Open(_dir.DbPath).Query(new HistoryFilter()));
        Assert.Equal(Core.Diagnostics.ErrorIds.ApiRequestRejected, row.ErrorId);

        // A failure is never an answer to give back.
        int sent = Sent;
        ChatResult retried = await Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo());
        Assert.Equal(sent + 1, Sent);
        Assert.False(retried.FromCache);
    }

    [Fact]
    public async Task NoJournal_WritesNoFile()
    {
        using VisionChatClient client = _f.Client();

        await Ask(Pipeline(client, new HistoryOptions { NoJournal = true, Cache = true }), Photo());

        Assert.False(File.Exists(_dir.DbPath));
    }

    [Fact]
    public async Task Charge_ACachedAnswer_CostsNothingAgainstMaxCost()
    {
        using VisionChatClient client = _f.Client();
        await Ask(Pipeline(client, new HistoryOptions { Cache = true }), Photo());
        var pipeline = new ChatPipeline(
            Connection.Resolve(_f.Server.BaseUrl.ToString(), new ApiCredential(ServerFixture.Key), _ => null),
            client,
            new ChatSettings { BaseUrl = _f.Server.BaseUrl, Model = "gpt-4o", MaxCost = 0.0001m, History = new HistoryOptions { Cache = true }, Environment = _dir.Environment });
        ChatCall call = pipeline.Build(pipeline.SettingsFor(null, null), "Describe", [Photo()], null);

        pipeline.Charge(call);
        pipeline.Charge(call);

        Assert.Contains("Answered from the cache", pipeline.Describe(call), StringComparison.Ordinal);
    }

    private string ReadWal() => File.Exists(_dir.DbPath + "-wal") ? File.ReadAllText(_dir.DbPath + "-wal") : string.Empty;

    private void AssertKeyNotInFiles()
    {
        foreach (string file in Directory.GetFiles(_dir.Folder))
        {
            byte[] bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain(ServerFixture.Key, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain(ServerFixture.Key, System.Text.Encoding.Unicode.GetString(bytes), StringComparison.Ordinal);
        }
    }
}
