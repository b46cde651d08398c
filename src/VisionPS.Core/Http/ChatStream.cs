using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Http;

/// <summary>An open streamed answer: the headers have arrived, the chunks are read with <see cref="ReadChunksAsync"/>.</summary>
public sealed class ChatStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly IdleTimeout _timeout;
    private readonly Uri _endpoint;
    private readonly ApiCredential? _key;
    private int _enumerated;

    internal ChatStream(HttpResponseMessage response, Stream body, IdleTimeout timeout, Uri endpoint, ApiCredential? key)
    {
        _response = response;
        _body = body;
        _timeout = timeout;
        _endpoint = endpoint;
        _key = key;
        Info = ResponseInfo.From(response);
    }

    public ResponseInfo Info { get; }

    /// <summary>True once the <c>[DONE]</c> marker was read.</summary>
    public bool SawDone { get; private set; }

    /// <summary>
    /// The chunks in order. Keep-alive comments, empty events and the <c>[DONE]</c> marker are consumed here;
    /// an error event becomes a <see cref="VisionApiException"/>, a dropped connection a <see cref="StreamInterruptedException"/>,
    /// a silent server an <see cref="ApiTimeoutException"/>.
    /// </summary>
    public async IAsyncEnumerable<ChatCompletionChunk> ReadChunksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A chat stream can be read only once.");
        }

        var parser = SseParser.Create(_body, SseEvent.Parse);
        await using var events = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await events.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_timeout.Expired)
            {
                throw _timeout.TimedOut(waitingForHeaders: false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && ex is not ResponseTooLargeException && !cancellationToken.IsCancellationRequested)
            {
                throw new StreamInterruptedException($"The connection to {_endpoint} closed in the middle of the answer.", ex);
            }

            if (!more)
            {
                yield break;
            }

            SseEvent item = events.Current.Data;
            if (item.IsDone)
            {
                SawDone = true;
                yield break;
            }

            if (item.Chunk is not { } chunk)
            {
                continue;
            }

            if (chunk.Error is { ValueKind: JsonValueKind.Object or JsonValueKind.String } error)
            {
                throw ApiErrors.FromStreamEvent(error, _endpoint, Info.RequestId, _key);
            }

            yield return chunk;
        }
    }

    public ValueTask DisposeAsync()
    {
        _body.Dispose();
        _response.Dispose();
        _timeout.Dispose();
        return ValueTask.CompletedTask;
    }
}
