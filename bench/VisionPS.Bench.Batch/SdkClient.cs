using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace VisionPS.Bench.Batch;

/// <summary>The official OpenAI SDK doing the same streamed request: text collected, usage read.</summary>
internal sealed class SdkClient(Uri baseUrl)
{
    private readonly ChatClient _client = new(OurStack.Model, new ApiKeyCredential(OurStack.Key), new OpenAIClientOptions { Endpoint = baseUrl });

    public async Task<string> RunAsync(int input)
    {
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (StreamingChatCompletionUpdate update in _client.CompleteChatStreamingAsync([new UserChatMessage(OurStack.PromptFor(input))]))
        {
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage = update.Usage ?? usage;
        }

        if (usage is null || text.Length == 0)
        {
            throw new InvalidOperationException("The SDK read no text or no usage.");
        }

        return text.ToString();
    }
}
