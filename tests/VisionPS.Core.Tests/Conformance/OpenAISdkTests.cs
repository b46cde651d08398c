using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Tests.EndToEnd;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;
using ChatCallBuilder = VisionPS.Core.Chat.ChatCallBuilder;

namespace VisionPS.Core.Tests.Conformance;

/// <summary>
/// The official OpenAI .NET SDK, pointed at the test server, reads the same text and usage as VisionPS's client.
/// This checks both sides: the server is realistic enough for the SDK, and our client reads what the SDK reads.
/// </summary>
public class OpenAISdkTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;

    public OpenAISdkTests(ServerFixture fixture) => _f = fixture;

    private ChatClient Sdk() => new("gpt-4o", new ApiKeyCredential(ServerFixture.Key), new OpenAIClientOptions { Endpoint = _f.Server.BaseUrl });

    private static (ImagePart Part, OpenAI.Chat.ChatMessage Message) Inputs()
    {
        string path = Path.Combine(SharedPaths.TestImages, "jpeg/baseline_420_227x149.jpg");
        ImagePart part = ImagePartFactory.FromFile(path, "low");
        var message = new UserChatMessage(
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(part.Data.ToArray()), "image/jpeg", ChatImageDetailLevel.Low),
            ChatMessageContentPart.CreateTextPart("What is this?"));
        return (part, message);
    }

    [Fact]
    public async Task NonStreaming_SdkAndVisionPSReadTheSameAnswer()
    {
        var (part, message) = Inputs();

        ChatCompletion sdk = (await Sdk().CompleteChatAsync([message])).Value;
        ChatResult ours = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(stream: false), "What is this?", [part]));

        Assert.Equal(sdk.Content[0].Text, ours.Text);
        Assert.Equal(sdk.Usage.InputTokenCount, ours.Usage!.PromptTokens);
        Assert.Equal(sdk.Usage.OutputTokenCount, ours.Usage.CompletionTokens);
        Assert.Equal(sdk.Usage.TotalTokenCount, ours.Usage.TotalTokens);
        Assert.Equal(sdk.FinishReason.ToString(), ours.FinishReason, ignoreCase: true);
    }

    [Theory]
    [InlineData(StreamFraming.Lf)]
    [InlineData(StreamFraming.CrLf)]
    [InlineData(StreamFraming.Trickle)]
    [InlineData(StreamFraming.AzureStyle)]
    public async Task Streaming_SdkAndVisionPSReadTheSameAnswer(StreamFraming framing)
    {
        var (part, message) = Inputs();
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        _f.Server.EnqueueFault(Fault.WithFraming(framing));
        await foreach (StreamingChatCompletionUpdate update in Sdk().CompleteChatStreamingAsync([message]))
        {
            foreach (var piece in update.ContentUpdate)
            {
                text.Append(piece.Text);
            }

            usage = update.Usage ?? usage;
        }

        _f.Server.EnqueueFault(Fault.WithFraming(framing));
        ChatResult ours = await _f.RunAsync(ChatCallBuilder.Build(_f.Settings(), "What is this?", [part]));

        Assert.Equal(text.ToString(), ours.Text);
        Assert.NotNull(usage);
        Assert.Equal(usage!.InputTokenCount, ours.Usage!.PromptTokens);
        Assert.Equal(usage.OutputTokenCount, ours.Usage.CompletionTokens);
    }
}
