namespace VisionPS.TestServer;

/// <summary>The answer to one valid chat request, shared by the JSON and the streamed forms.</summary>
internal sealed record Completion(string Id, long Created, string Model, string Content, string FinishReason, int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;

    /// <param name="spoil">For a JSON response_format: answer with broken JSON of this kind (a <see cref="Fault.JsonAnswer"/>).</param>
    public static Completion Create(ChatRequest request, long number, DateTimeOffset now, JsonAnswerKind? spoil = null)
    {
        ChatMessageInfo? lastUser = request.LastUserMessage;
        string prompt = lastUser is null ? "" : string.Join("\n", lastUser.TextParts);
        string full = request.ResponseFormat.IsJson
            ? JsonAnswer.Build(request, prompt, lastUser?.Images ?? [])
            : AnswerText.Build(request.Model.Id, request.Messages.Count, prompt, lastUser?.Images ?? []);
        (string text, string finish) = request.ResponseFormat.IsJson && spoil is { } kind
            ? JsonAnswer.Spoil(full, kind)
            : AnswerText.ApplyLimit(full, request.MaxTokens);
        return new Completion(
            $"chatcmpl-{number}",
            now.ToUnixTimeSeconds(),
            request.Model.Id,
            text,
            finish,
            TokenCounter.PromptTokens(request),
            TokenCounter.TextTokens(text));
    }
}
