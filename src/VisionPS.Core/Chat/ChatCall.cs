using VisionPS.Core.Protocol;

namespace VisionPS.Core.Chat;

/// <summary>One request ready to send, with what the result needs to say about it.</summary>
public sealed class ChatCall
{
    public required ChatRequest Request { get; init; }

    public required string Prompt { get; init; }

    public required IReadOnlyList<ImagePart> Images { get; init; }

    /// <summary>The conversation this call continues; null for a new one.</summary>
    public Conversation? History { get; init; }

    /// <summary>The request's messages as conversation messages (images described as sent).</summary>
    public IReadOnlyList<ConversationMessage> ConversationMessages { get; init; } = [];

    /// <summary>Things the caller should hear before sending (e.g. images left out to fit the context).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

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

    internal ChatCall WithNotes(IReadOnlyList<string> notes) => new()
    {
        Request = Request,
        Prompt = Prompt,
        Images = Images,
        History = History,
        ConversationMessages = ConversationMessages,
        Notes = notes,
        Output = Output,
        BaseUrl = BaseUrl,
        Estimate = Estimate,
        ModelInfo = ModelInfo,
    };

    private Conversation NextConversation(string model, string text, TokenUsage? usage)
    {
        Cost? cost = Tokens.PromptEstimator.ActualCost(ModelInfo, usage);
        decimal? total = (History?.Cost, cost?.Amount) switch
        {
            (null, null) => null,
            (var a, var b) => (a ?? 0) + (b ?? 0),
        };
        return new Conversation
        {
            Model = model,
            Messages = [.. ConversationMessages, new ConversationMessage { Role = ChatRole.Assistant, Parts = [new ConversationPart { Type = ConversationPart.TextType, Text = text }] }],
            Turns = (History?.Turns ?? 0) + 1,
            PromptTokens = (History?.PromptTokens ?? 0) + (usage?.PromptTokens ?? 0),
            CompletionTokens = (History?.CompletionTokens ?? 0) + (usage?.CompletionTokens ?? 0),
            Cost = total,
            Currency = cost?.Currency ?? History?.Currency,
        };
    }

    internal ChatResult ToResult(ChatAnswerBuilder answer, Http.ResponseInfo response, TimeSpan duration, TimeSpan? timeToFirstToken, IReadOnlyList<string>? imageSources = null)
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
            Images = imageSources ?? Images.Select(i => i.Source).ToArray(),
            Duration = duration,
            TimeToFirstToken = timeToFirstToken,
            RequestId = response.RequestId,
            Response = response,
            Id = answer.Id,
            Refusal = answer.Refusal,
            BaseUrl = BaseUrl.ToString(),
            Messages = messages,
            Conversation = NextConversation(answer.Model ?? Request.Model, text, usage),
        };
    }
}
