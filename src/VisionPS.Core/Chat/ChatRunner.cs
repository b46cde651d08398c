using VisionPS.Core.Http;

namespace VisionPS.Core.Chat;

/// <summary>
/// Sends one <see cref="ChatCall"/> and builds its <see cref="ChatResult"/>. Text is handed to <c>onText</c> as it arrives.
/// The awaits here deliberately keep the caller's synchronization context, so that under
/// <see cref="SynchronousPump"/> every callback runs on the caller's thread (PowerShell's pipeline thread).
/// </summary>
public sealed class ChatRunner
{
    private readonly VisionChatClient _client;
    private readonly TimeProvider _time;

    public ChatRunner(VisionChatClient client, TimeProvider? time = null)
    {
        _client = client;
        _time = time ?? TimeProvider.System;
    }

    public async Task<ChatResult> RunAsync(ChatCall call, Action<string>? onText, CancellationToken cancellationToken = default)
    {
        long start = _time.GetTimestamp();
        TimeSpan? firstText = null;
        var answer = new ChatAnswerBuilder();
        ResponseInfo info;

        if (call.Request.Stream == true)
        {
            await using var stream = await _client.StartStreamAsync(call.Request, cancellationToken);
            info = stream.Info;
            await foreach (var chunk in stream.ReadChunksAsync(cancellationToken))
            {
                string delta = answer.Append(chunk);
                if (delta.Length > 0)
                {
                    firstText ??= _time.GetElapsedTime(start);
                    onText?.Invoke(delta);
                }
            }

            if (!stream.SawDone && answer.FinishReason is null)
            {
                throw new StreamInterruptedException($"The answer from {_client.ChatEndpoint} ended before it was complete (no finish reason and no [DONE]).");
            }
        }
        else
        {
            var response = await _client.CompleteAsync(call.Request, cancellationToken);
            info = response.Info;
            answer.SetCompletion(response.Completion);
            if (answer.Text.Length > 0)
            {
                firstText = _time.GetElapsedTime(start);
                onText?.Invoke(answer.Text);
            }
        }

        return call.ToResult(answer, info, _time.GetElapsedTime(start), firstText);
    }
}
