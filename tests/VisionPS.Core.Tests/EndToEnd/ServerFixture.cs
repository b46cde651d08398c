using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.EndToEnd;

/// <summary>One strict test server per test class, and helpers to talk to it with VisionPS's own client.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string Key = "sk-e2e-KEY-do-not-leak-7f3a9c";

    public VisionTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = Key });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public VisionChatClient Client(string? key = Key, TimeSpan? timeout = null) => new(new VisionClientOptions
    {
        BaseUrl = Server.BaseUrl,
        ApiKey = key is null ? null : new ApiCredential(key),
        Timeout = timeout ?? TimeSpan.FromMinutes(1),
    });

    public ChatSettings Settings(string model = "gpt-4o", bool stream = true, int? maxTokens = null) =>
        new() { BaseUrl = Server.BaseUrl, Model = model, Stream = stream, MaxTokens = maxTokens };

    public Task<ChatResult> RunAsync(ChatCall call, string? key = Key, TimeSpan? timeout = null, Action<string>? onText = null, CancellationToken cancellationToken = default) =>
        new ChatRunner(Client(key, timeout)).RunAsync(call, onText, cancellationToken);
}
