using VisionPS;
using VisionPS.Core.Batches;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Resilience.RateLimits;
using VisionPS.Core.Resilience.Retries;

namespace VisionPS.Bench.Batch;

/// <summary>What Invoke-VisionChat runs for each input of a batch: ChatJobRunner over RetryingChatRunner over ChatRunner.</summary>
internal sealed class OurStack : IDisposable
{
    public const string Model = "gpt-4o";
    public const string Key = "sk-bench-key";

    private readonly VisionChatClient _client;
    private readonly Uri _baseUrl;

    public OurStack(Uri baseUrl, RequestRateLimiter? limiter = null)
    {
        _baseUrl = baseUrl;
        _client = new VisionChatClient(new VisionClientOptions { BaseUrl = baseUrl, ApiKey = new ApiCredential(Key) });
        Plain = new ChatRunner(_client);
        Retrying = new RetryingChatRunner(Plain, new RetryOptions());
        Jobs = new ChatJobRunner(Retrying, limiter, Counters);
    }

    public BatchCounters Counters { get; } = new();

    public ChatRunner Plain { get; }

    public RetryingChatRunner Retrying { get; }

    public ChatJobRunner Jobs { get; }

    public static string PromptFor(int input) => $"Bench request {input}: what is on the invoice?";

    public ChatCall Call(int input) =>
        ChatCallBuilder.Build(new ChatSettings { BaseUrl = _baseUrl, Model = Model, Stream = true }, PromptFor(input), []);

    public Task<ChatResult> RunJob(int input, CancellationToken cancellationToken) =>
        Jobs.RunAsync(Call(input), onText: null, onRetry: null, cancellationToken);

    public BatchRunner<int, ChatResult> CreateBatch(int maxConcurrency) =>
        new(RunJob, new BatchRunnerOptions { MaxConcurrency = maxConcurrency, Counters = Counters });

    public void Dispose() => _client.Dispose();
}
