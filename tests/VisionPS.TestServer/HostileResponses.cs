using System.Text;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer;

/// <summary>
/// Answers of the hostile faults. Each one is bounded and stops by itself: at most <see cref="MaxBytes"/> written and
/// <see cref="MaxDuration"/> spent, and sooner when the client leaves or the server stops.
/// </summary>
internal static class HostileResponses
{
    public const long MaxBytes = 1L << 30;
    public const long HugeBodyBytes = 10_000_000_000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(120);

    public static async Task WriteAsync(HttpContext context, Fault fault, bool stream, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(MaxDuration);
        try
        {
            await WriteBoundedAsync(context, fault, stream, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The time bound ran out: end the response here.
        }
    }

    private static async Task WriteBoundedAsync(HttpContext context, Fault fault, bool stream, CancellationToken ct)
    {
        HttpResponse response = context.Response;
        response.StatusCode = 200;
        switch (fault.Kind)
        {
            case FaultKind.EndlessStream:
            {
                StartStream(response);
                byte[] chunk = Encoding.UTF8.GetBytes(
                    "data: {\"id\":\"chatcmpl-endless\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"xxxxxxxx\"},\"finish_reason\":null}]}\n\n");
                await RepeatAsync(response, chunk, MaxBytes, ct).ConfigureAwait(false);
                break;
            }

            case FaultKind.EndlessLine:
            {
                StartStream(response);
                await response.Body.WriteAsync("data: {\"choices\":[{\"delta\":{\"content\":\""u8.ToArray(), ct).ConfigureAwait(false);
                await RepeatAsync(response, Enumerable.Repeat((byte)'x', 64 * 1024).ToArray(), MaxBytes, ct).ConfigureAwait(false);
                break;
            }

            case FaultKind.HugeBody:
            {
                response.ContentType = "application/json";
                if (fault.DeclareLength)
                {
                    response.ContentLength = HugeBodyBytes;
                }

                await response.Body.WriteAsync("{\"id\":\"chatcmpl-huge\",\"object\":\"chat.completion\",\"padding\":\""u8.ToArray(), ct).ConfigureAwait(false);
                await RepeatAsync(response, Enumerable.Repeat((byte)' ', 64 * 1024).ToArray(), HugeBodyBytes - 100, ct).ConfigureAwait(false);
                break;
            }

            case FaultKind.DeepJson:
            {
                string deep = "{\"id\":\"chatcmpl-deep\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":"
                    + new string('[', fault.Depth) + new string(']', fault.Depth) + "}";
                await WritePayloadAsync(response, deep, stream, ct).ConfigureAwait(false);
                break;
            }

            case FaultKind.InvalidUtf8:
            {
                byte[] head = Encoding.UTF8.GetBytes("{\"id\":\"chatcmpl-utf8\",\"object\":\"chat.completion" + (stream ? ".chunk" : string.Empty) + "\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                    + (stream ? "\"delta\"" : "\"message\"") + ":{\"role\":\"assistant\",\"content\":\"bad ");
                byte[] tail = Encoding.UTF8.GetBytes("\"}" + (stream ? ",\"finish_reason\":null}]}" : ",\"finish_reason\":\"stop\"}]}"));
                byte[] payload = [.. head, 0xC3, 0x28, 0xFF, .. tail];
                if (stream)
                {
                    StartStream(response);
                    await response.Body.WriteAsync("data: "u8.ToArray(), ct).ConfigureAwait(false);
                    await response.Body.WriteAsync(payload, ct).ConfigureAwait(false);
                    await response.Body.WriteAsync("\n\ndata: [DONE]\n\n"u8.ToArray(), ct).ConfigureAwait(false);
                }
                else
                {
                    response.ContentType = "application/json";
                    response.ContentLength = payload.Length;
                    await response.Body.WriteAsync(payload, ct).ConfigureAwait(false);
                }

                break;
            }

            case FaultKind.GiantHeaders:
            {
                string value = new('h', 1000);
                for (int i = 0; i < fault.Kilobytes; i++)
                {
                    response.Headers["x-padding-" + i] = value;
                }

                await WritePayloadAsync(response, "{\"id\":\"chatcmpl-headers\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[]}", stream: false, ct).ConfigureAwait(false);
                break;
            }

            case FaultKind.Slowloris:
            {
                StartStream(response);
                await response.StartAsync(ct).ConfigureAwait(false);
                while (true)
                {
                    await response.Body.WriteAsync(": still here\n\n"u8.ToArray(), ct).ConfigureAwait(false);
                    await response.Body.FlushAsync(ct).ConfigureAwait(false);
                    await Task.Delay(fault.Duration, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private static void StartStream(HttpResponse response)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
    }

    private static async Task WritePayloadAsync(HttpResponse response, string json, bool stream, CancellationToken ct)
    {
        if (stream)
        {
            StartStream(response);
            await response.WriteAsync("data: " + json + "\n\n", ct).ConfigureAwait(false);
        }
        else
        {
            response.ContentType = "application/json";
            await response.WriteAsync(json, ct).ConfigureAwait(false);
        }
    }

    private static async Task RepeatAsync(HttpResponse response, byte[] block, long limit, CancellationToken ct)
    {
        for (long written = 0; written + block.Length <= limit; written += block.Length)
        {
            await response.Body.WriteAsync(block, ct).ConfigureAwait(false);
        }
    }
}
