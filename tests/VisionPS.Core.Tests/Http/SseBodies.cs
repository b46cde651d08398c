using System.Text;

namespace VisionPS.Core.Tests.Http;

/// <summary>Chat streams written the way real providers write them, with a choice of line ending.</summary>
internal static class SseBodies
{
    public const string ExpectedText = "Héllo wörld 👋 完";

    public static readonly string[] Events =
    [
        // Azure's first chunk: empty id/model, no choices, prompt filter results.
        """{"id":"","object":"","created":0,"model":"","choices":[],"prompt_filter_results":[{"prompt_index":0}]}""",
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m-1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}""",
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m-1","choices":[{"index":0,"delta":{"content":"Héllo"},"finish_reason":null}],"usage":null}""",
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m-1","choices":[{"index":0,"delta":{"content":" wörld "},"finish_reason":null}],"usage":null}""",
        // Azure content-filter chunk: a choice with no delta.
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m-1","choices":[{"index":0,"finish_reason":null,"content_filter_results":{"hate":{"filtered":false}}}]}""",
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m-1","choices":[{"index":0,"delta":{"content":"👋 完"},"finish_reason":null}],"usage":null}""",
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m-1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}""",
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m-1","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":1}}}""",
    ];

    public static string Build(string newline = "\n", bool done = true, bool comments = true, IEnumerable<string>? events = null)
    {
        var sb = new StringBuilder();
        if (comments)
        {
            sb.Append(": OPENROUTER PROCESSING").Append(newline).Append(newline);
        }

        foreach (string e in events ?? Events)
        {
            sb.Append("data: ").Append(e).Append(newline).Append(newline);
            if (comments)
            {
                sb.Append(": keep-alive").Append(newline);
            }
        }

        if (done)
        {
            sb.Append("data: [DONE]").Append(newline).Append(newline);
        }

        return sb.ToString();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
