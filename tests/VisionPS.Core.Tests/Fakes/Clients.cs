using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Tests.Fakes;

internal static class Clients
{
    public const string Key = "sk-test-SECRET-0123456789";

    public static VisionChatClient Create(HttpMessageHandler handler, TimeSpan? timeout = null) => new(
        new VisionClientOptions { BaseUrl = new Uri("http://fake.test/v1"), ApiKey = new ApiCredential(Key), Timeout = timeout ?? TimeSpan.FromMinutes(5) },
        handler);

    public static ChatCall Call(string prompt = "hi", bool stream = true) => ChatCallBuilder.Build(
        new ChatSettings { BaseUrl = new Uri("http://fake.test/v1"), Model = "m", Stream = stream },
        prompt,
        []);

    public static Task<ChatResult> RunAsync(FakeHttpMessageHandler handler, Action<string>? onText = null, bool stream = true, TimeSpan? timeout = null) =>
        new ChatRunner(Create(handler, timeout)).RunAsync(Call(stream: stream), onText);
}
