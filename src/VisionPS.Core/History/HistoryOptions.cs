namespace VisionPS.Core.History;

/// <summary>What a chat run does with the journal and the answer cache (-Cache, -Refresh, -NoJournal, -Private).</summary>
public sealed record HistoryOptions
{
    /// <summary>-NoJournal: record nothing and use no cache for this run.</summary>
    public bool NoJournal { get; init; }

    /// <summary>-Cache: answer a request whose wire body was answered before from the cache, without sending it.</summary>
    public bool Cache { get; init; }

    /// <summary>-Refresh: send even when the cache holds an answer, and replace it.</summary>
    public bool Refresh { get; init; }

    /// <summary>-Private: record only SHA-256 hashes of the prompt and system prompt, not their text.</summary>
    public bool Private { get; init; }

    /// <summary>The cmdlet that runs (Invoke-VisionChat, Compare-Image, Receive-VisionBatch), recorded with each row.</summary>
    public string? Command { get; init; }

    /// <summary>True when answers are written to the cache (so a later -Cache run finds them).</summary>
    public bool StoresAnswers => Cache || Refresh;
}
