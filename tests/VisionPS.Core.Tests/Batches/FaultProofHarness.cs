using System.Collections.Concurrent;
using VisionPS.Core.Batches;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Resilience.Retries;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Batches;

/// <summary>
/// The test server with a fault mix, and the batch work a cmdlet would run against it: one distinct text-only
/// prompt per input, sent by <see cref="ChatJobRunner"/> over <see cref="RetryingChatRunner"/>. Records, per input,
/// how many attempts it made, and every retry notice and work task.
/// </summary>
internal sealed class FaultProofHarness : IAsyncDisposable
{
    public const string Model = "gpt-4o";
    private const string Key = "sk-proof-key";

    private readonly VisionChatClient _client;
    private readonly ChatJobRunner _jobs;
    private readonly ConcurrentDictionary<int, int> _attempts = new();
    private readonly ConcurrentQueue<RetryNotice> _notices = new();
    private readonly ConcurrentQueue<Task<ChatResult>> _tasks = new();
    private readonly TaskCompletionSource _textStartedEnough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _textStartedTarget;
    private int _textStarted;

    private FaultProofHarness(VisionTestServer server, TimeSpan idleTimeout, int maximumRetryCount, int textStartedTarget)
    {
        Server = server;
        MaximumRetryCount = maximumRetryCount;
        _textStartedTarget = textStartedTarget;
        _client = new VisionChatClient(new VisionClientOptions { BaseUrl = server.BaseUrl, ApiKey = new ApiCredential(Key), Timeout = idleTimeout });
        var retrying = new RetryingChatRunner(new ChatRunner(_client), new RetryOptions { MaximumRetryCount = maximumRetryCount, Random = new Random(11) }, Clock);
        _jobs = new ChatJobRunner(retrying, limiter: null, Counters);
    }

    public VisionTestServer Server { get; }

    public int MaximumRetryCount { get; }

    public BatchCounters Counters { get; } = new();

    /// <summary>The retry waits: jumped over, but recorded.</summary>
    public InstantDelays Clock { get; } = new();

    /// <summary>Attempts (first send included) by input.</summary>
    public IReadOnlyDictionary<int, int> Attempts => _attempts;

    public IReadOnlyCollection<RetryNotice> Notices => _notices;

    public IReadOnlyCollection<Task<ChatResult>> WorkTasks => _tasks;

    /// <summary>Completes once <c>textStartedTarget</c> attempts have received their first text.</summary>
    public Task TextStartedEnough => _textStartedEnough.Task;

    public static async Task<FaultProofHarness> StartAsync(FaultMix faults, TimeSpan idleTimeout, int maximumRetryCount = 6, int textStartedTarget = int.MaxValue)
    {
        var server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = Key, RandomFaults = faults });
        return new FaultProofHarness(server, idleTimeout, maximumRetryCount, textStartedTarget);
    }

    public static string PromptFor(int input) => $"Proof request {input}.";

    public static string ExpectedText(int input) => VisionTestServer.ExpectedText(Model, 1, PromptFor(input));

    public BatchRunner<int, ChatResult> CreateRunner(int maxConcurrency) =>
        new(Work, new BatchRunnerOptions { MaxConcurrency = maxConcurrency, Counters = Counters });

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Server.DisposeAsync();
    }

    private Task<ChatResult> Work(int input, CancellationToken cancellationToken)
    {
        Task<ChatResult> task = RunOne(input, cancellationToken);
        _tasks.Enqueue(task);
        return task;
    }

    private async Task<ChatResult> RunOne(int input, CancellationToken cancellationToken)
    {
        var call = ChatCallBuilder.Build(new ChatSettings { BaseUrl = Server.BaseUrl, Model = Model, Stream = true }, PromptFor(input), []);
        Assert.True(_attempts.TryAdd(input, 1), $"input {input} was started twice");
        bool textSeen = false;
        return await _jobs.RunAsync(
            call,
            _ =>
            {
                if (!textSeen)
                {
                    textSeen = true;
                    if (Interlocked.Increment(ref _textStarted) == _textStartedTarget)
                    {
                        _textStartedEnough.TrySetResult();
                    }
                }
            },
            notice =>
            {
                _notices.Enqueue(notice);
                _attempts.AddOrUpdate(input, 2, (_, n) => n + 1);
                textSeen = false;
            },
            cancellationToken);
    }
}
