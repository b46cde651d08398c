using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Models;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.BatchJobs;

/// <summary>
/// Reads a finished batch's output and error files as streams, line by line, into the same <see cref="ChatResult"/>s
/// the online path makes (each tied to its input by custom_id), or errors. Lines already handed over in an earlier
/// run are skipped; the caller confirms each item with <see cref="MarkReceived"/> once it has passed it on, so a crash
/// mid-download loses nothing and repeats at most the item in hand.
/// </summary>
public sealed class BatchReceiver
{
    public static readonly string[] FinalStatuses = ["completed", "failed", "expired", "cancelled"];
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();
    private readonly BatchJobStore _store;
    private readonly BatchApiClient _api;
    private readonly ModelInfo? _model;
    private readonly Structured.StructuredOutput? _output;
    private readonly History.ChatHistory? _history;

    // history: where received lines are journalled; null records nothing.
    public BatchReceiver(BatchJobStore store, BatchApiClient api, ModelCatalog catalog, History.ChatHistory? history = null)
    {
        _store = store;
        _history = history;
        _api = api;
        _model = catalog.Find(store.State.Model);
        _output = store.State.Output();
    }

    public async Task<BatchObject> RefreshAsync(BatchPartState part, CancellationToken ct)
    {
        BatchObject batch = await _api.GetBatchAsync(part.BatchId!, ct).ConfigureAwait(false);
        if (part.Status != batch.Status)
        {
            part.Status = batch.Status;
            _store.Save();
        }

        return batch;
    }

    /// <summary>Every not-yet-received input of a finished batch, as a result or an error; <paramref name="all"/> repeats received ones too.</summary>
    public async IAsyncEnumerable<BatchReceivedItem> ReceiveAsync(BatchPartState part, BatchObject batch, bool all, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var requests = new InputLineIndex(_store.PartPath(part));
        foreach (string? fileId in new[] { batch.OutputFileId, batch.ErrorFileId })
        {
            if (string.IsNullOrEmpty(fileId))
            {
                continue;
            }

            using HttpResponseMessage response = await _api.OpenContentAsync(fileId, ct).ConfigureAwait(false);
            Stream content = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                using var reader = new StreamReader(content, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 1 << 16);
                while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } text)
                {
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    BatchOutputLine line = JsonSerializer.Deserialize(text, BatchWireJsonContext.Default.BatchOutputLine)
                        ?? throw new ApiProtocolException($"{fileId} holds a line that is not a batch output line.");
                    if (line.CustomId is not { } customId || _store.State.IndexOf(customId) is not { } index || !seen.Add(customId))
                    {
                        continue;
                    }

                    if (all || !_store.IsReceived(customId))
                    {
                        yield return ToItem(line, customId, _store.State.Source(index), requests, batch);
                    }
                }
            }
        }

        // Every input ends as exactly one result or error: a line neither file mentions is an error too.
        for (int i = part.FirstIndex; i < part.FirstIndex + part.Count; i++)
        {
            string customId = _store.State.CustomId(i);
            if (!seen.Contains(customId) && (all || !_store.IsReceived(customId)))
            {
                yield return new BatchReceivedItem(customId, _store.State.Source(i), null, Missing(batch, customId, _store.State.Source(i)));
            }
        }
    }

    public void MarkReceived(BatchReceivedItem item)
    {
        // Marked first (a crash right after the hand-over must not repeat it), then journalled once: -All hands over
        // received items again, but they were recorded the first time.
        bool first = !_store.IsReceived(item.CustomId);
        _store.MarkReceived(item.CustomId);
        if (first)
        {
            _history?.RecordReceived(item.Source, item.Result, item.Error, _store.State.Model, _store.State.Prompt);
        }
    }

    /// <summary>After a whole batch was handed over: remember it, and drop its local JSONL (the requests are no longer needed).</summary>
    public void FinishPart(BatchPartState part)
    {
        part.Received = true;
        _store.Save();
        File.Delete(_store.PartPath(part));
    }

    private BatchReceivedItem ToItem(BatchOutputLine line, string customId, string source, InputLineIndex requests, BatchObject batch)
    {
        try
        {
            if (line.Response is { StatusCode: >= 200 and < 300 } response)
            {
                return new BatchReceivedItem(customId, source, ToResult(response, requests.Find(customId), source), null);
            }

            return new BatchReceivedItem(customId, source, null, ToError(line, customId, batch, _api.ApiKey));
        }
        catch (Structured.StructuredAnswerException e)
        {
            // As online: the answer is not JSON or breaks the schema; the error keeps the whole result.
            return new BatchReceivedItem(customId, source, null, e);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return new BatchReceivedItem(customId, source, null, new ApiProtocolException($"The batch line for {customId} could not be read: {e.Message}", e));
        }
    }

    private ChatResult ToResult(BatchLineResponse response, ChatRequest? sent, string source)
    {
        ChatCompletion completion = response.Body.Deserialize(ProtocolJsonContext.Default.ChatCompletion)
            ?? throw new JsonException("the response body is null");
        var answer = new ChatAnswerBuilder();
        answer.SetCompletion(completion);

        // Without the local JSONL (deleted by hand) the conversation holds the prompt only.
        ChatRequest request = sent ?? new ChatRequest
        {
            Model = _store.State.Model,
            Messages = [new ChatMessage(ChatRole.User, MessageContent.FromText(_store.State.Prompt))],
        };
        var call = new ChatCall
        {
            Request = request,
            Prompt = _store.State.Prompt,
            Images = [],
            BaseUrl = new Uri(_store.State.BaseUrl),
            ModelInfo = _model,
            Estimate = Tokens.PromptEstimator.Estimate(request, _model, []),
        };
        ChatResult result = call.ToResult(answer, new ResponseInfo(response.StatusCode, response.RequestId, NoHeaders), TimeSpan.Zero, null, [source]);
        return _output is { } output ? Structured.StructuredAnswer.Read(result, output) : result;
    }

    private static Exception ToError(BatchOutputLine line, string customId, BatchObject batch, ApiCredential? key)
    {
        if (line.Response is { } response)
        {
            // A provider may echo the key in its message: it never reaches an error record.
            ApiErrorBody body = ApiErrors.Scrub(ApiErrorParser.Parse(response.Body), key);
            return new VisionApiException(
                $"Batch {batch.Id}, request {customId}: HTTP {response.StatusCode}: {body.Message ?? "no error message"}",
                response.StatusCode,
                body,
                response.RequestId,
                retryAfter: null,
                duringStream: false);
        }

        string code = line.Error?.Code ?? "unknown";
        string message = $"Batch {batch.Id}, request {customId}: {line.Error?.Message ?? "no result"} ({code})";
        message = key?.Scrub(message) ?? message;
        return code switch
        {
            "batch_expired" => new BatchJobException(ErrorIds.BatchRequestExpired, message, "Submit this input again (a new job): the 24 h window ended before it ran."),
            "batch_cancelled" => new BatchJobException(ErrorIds.BatchRequestCancelled, message, "Submit this input again if you still want it: the batch was cancelled before it ran."),
            _ => new BatchJobException(ErrorIds.BatchRequestFailed, message, "Read the provider's message; submit the input again once it is fixed."),
        };
    }

    // A provider need not write an error line for what a cancelled or expired batch never ran: the batch's status names
    // the reason, with the same ids as when it does write one.
    private static BatchJobException Missing(BatchObject batch, string customId, string source) => batch.Status switch
    {
        "failed" => new BatchJobException(
            ErrorIds.BatchFailed,
            $"Batch {batch.Id} failed validation: {string.Join("; ", (batch.Errors?.Data ?? []).Take(3).Select(e => $"{e.Message}{(e.Line is { } l ? $" (line {l})" : "")}"))}",
            "Fix what the provider names and submit the inputs again in a new job."),
        "cancelled" or "cancelling" => new BatchJobException(
            ErrorIds.BatchRequestCancelled,
            $"Batch {batch.Id}, request {customId} ({Images.ImageReference.Shorten(source)}): not run, because the batch was cancelled first.",
            "Submit this input again if you still want it: the batch was cancelled before it ran."),
        "expired" => new BatchJobException(
            ErrorIds.BatchRequestExpired,
            $"Batch {batch.Id}, request {customId} ({Images.ImageReference.Shorten(source)}): not run before the batch's completion window ended.",
            "Submit this input again (a new job): the 24 h window ended before it ran."),
        _ => new BatchJobException(
            ErrorIds.BatchResultMissing,
            $"Batch {batch.Id} ({batch.Status}) returned neither a result nor an error for request {customId} ({Images.ImageReference.Shorten(source)}).",
            "Submit the input again in a new job."),
    };
}
