using System.Text;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Chat;

/// <summary>
/// Gathers an answer from stream chunks (or one whole completion): text of choice 0, refusal, finish reason,
/// usage (the last chunk that carries it), model and id. Tolerates Azure's empty-choices and delta-less chunks.
/// </summary>
public sealed class ChatAnswerBuilder
{
    private readonly StringBuilder _text = new();
    private StringBuilder? _refusal;

    public string Text => _text.ToString();

    public string? Refusal => _refusal?.ToString();

    public string? FinishReason { get; private set; }

    public WireUsage? Usage { get; private set; }

    public string? Model { get; private set; }

    public string? Id { get; private set; }

    /// <summary>Adds a chunk and returns the text it adds (empty when none).</summary>
    public string Append(ChatCompletionChunk chunk)
    {
        Remember(chunk.Id, chunk.Model, chunk.Usage);
        ChunkChoice? choice = chunk.Choices?.FirstOrDefault(c => c.Index == 0);
        if (choice is null)
        {
            return string.Empty;
        }

        FinishReason = choice.FinishReason ?? FinishReason;
        if (choice.Delta?.Refusal is { Length: > 0 } refusal)
        {
            (_refusal ??= new StringBuilder()).Append(refusal);
        }

        string? text = choice.Delta?.Content;
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        _text.Append(text);
        return text;
    }

    public void SetCompletion(ChatCompletion completion)
    {
        Remember(completion.Id, completion.Model, completion.Usage);
        ChatChoice? choice = completion.Choices?.FirstOrDefault(c => c.Index == 0);
        if (choice is null)
        {
            return;
        }

        FinishReason = choice.FinishReason;
        _text.Clear().Append(choice.Message?.Content);
        if (choice.Message?.Refusal is { Length: > 0 } refusal)
        {
            _refusal = new StringBuilder(refusal);
        }
    }

    private void Remember(string? id, string? model, WireUsage? usage)
    {
        // Azure's first chunk carries empty id and model.
        if (!string.IsNullOrEmpty(id))
        {
            Id = id;
        }

        if (!string.IsNullOrEmpty(model))
        {
            Model = model;
        }

        if (usage is not null)
        {
            Usage = usage;
        }
    }
}
