using VisionPS.Core.Protocol;

namespace VisionPS.Core.Chat;

/// <summary>One request ready to send, with what the result needs to say about it.</summary>
public sealed class ChatCall
{
    public required ChatRequest Request { get; init; }

    public required string Prompt { get; init; }

    public required IReadOnlyList<ImagePart> Images { get; init; }

    /// <summary>What the answer must be (JSON, following a schema); null for plain text.</summary>
    public Structured.StructuredOutput? Output { get; init; }

    /// <summary>The API root the request goes to (for the result; never holds a key).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The pre-send token estimate (and prompt cost when the catalog knows the price).</summary>
    public required CallEstimate Estimate { get; init; }

    /// <summary>The catalog entry of the model; null when the catalog does not know it.</summary>
    public Models.ModelInfo? ModelInfo { get; init; }

    /// <summary>The request body exactly as it will be sent.</summary>
    public string ToJson(bool indented = false) => ChatRequestJson.ToJson(Request, indented);

    internal ChatResult ToResult(ChatAnswerBuilder answer, Http.ResponseInfo response, TimeSpan duration, TimeSpan? timeToFirstToken)
    {
        string text = answer.Text;
        TokenUsage? usage = TokenUsage.FromWire(answer.Usage);
        var messages = new List<ChatMessage>(Request.Messages) { ChatMessage.Assistant(text) };
        return new ChatResult
        {
            Text = text,
            Prompt = Prompt,
            Model = answer.Model ?? Request.Model,
            FinishReason = answer.FinishReason,
            Usage = usage,
            Estimate = Estimate,
            Cost = Tokens.PromptEstimator.ActualCost(ModelInfo, usage),
            Images = Images.Select(i => i.Source).ToArray(),
            Duration = duration,
            TimeToFirstToken = timeToFirstToken,
            RequestId = response.RequestId,
            Response = response,
            Id = answer.Id,
            Refusal = answer.Refusal,
            BaseUrl = BaseUrl.ToString(),
            Messages = messages,
        };
    }
}
