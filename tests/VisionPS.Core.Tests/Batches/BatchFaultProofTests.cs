using VisionPS.Core.Batches;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Resilience.Retries;
using VisionPS.TestServer;
using Xunit.Abstractions;

namespace VisionPS.Core.Tests.Batches;

/// <summary>
/// Issue 5, point 8: a whole batch against the test server's random faults, driven from a plain thread as the
/// cmdlet drives it. Retry waits are jumped over; only a stall's idle timeout runs in real time.
/// </summary>
public class BatchFaultProofTests
{
    private const int Inputs = 1000;
    private const int Concurrency = 16;
    private static readonly TimeSpan ServerRetryAfter = TimeSpan.FromMilliseconds(50);
    private readonly ITestOutputHelper _output;

    public BatchFaultProofTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task ThousandStreamedRequests_UnderRandomFaults_EachInputAnsweredOnceWithItsOwnText()
    {
        var (successes, failures) = await RunMixAsync(Inputs, maximumRetryCount: 6, seed: 5);

        Assert.Equal(Inputs, successes + failures);
    }

    [Fact]
    public async Task FewRetries_UnderRandomFaults_FailuresComeOnlyAfterTheLastAttemptAndAreCounted()
    {
        var (_, failures) = await RunMixAsync(300, maximumRetryCount: 1, seed: 6);

        Assert.True(failures > 0, "one retry against an 18 % fault rate leaves some inputs failed");
    }

    /// <summary>Runs <paramref name="inputs"/> requests through the mix and checks what holds for any run; returns the counts.</summary>
    private async Task<(int Successes, int Failures)> RunMixAsync(int inputs, int maximumRetryCount, int seed)
    {
        var faults = new FaultMix(seed)
        {
            RateLimited = 0.10,
            RetryAfter = ServerRetryAfter,
            ServerError = 0.05,
            CutStream = 0.02,
            Stall = 0.01,
        };
        await using var proof = await FaultProofHarness.StartAsync(faults, idleTimeout: TimeSpan.FromMilliseconds(500), maximumRetryCount);
        using var runner = proof.CreateRunner(Concurrency);

        var outcomes = await PlainThreadCaller.Run(runner, Enumerable.Range(0, inputs));

        Assert.Equal(inputs, outcomes.Count);
        Assert.Equal(Enumerable.Range(0, inputs), outcomes.Select(o => (int)o.Index).Order());
        Assert.All(outcomes, o => Assert.Equal(o.Index, o.Input));
        Assert.DoesNotContain(outcomes, o => o.IsCancelled);

        var successes = outcomes.Where(o => o.Succeeded).ToList();
        Assert.All(successes, o => Assert.Equal(FaultProofHarness.ExpectedText(o.Input), o.Output!.Text));
        Assert.All(successes, o => Assert.Equal(proof.Attempts[o.Input], o.Output!.Attempts));
        Assert.Equal(successes.Count, successes.Select(o => o.Output!.Text).Distinct().Count());

        // A failure only after every attempt was used, and only of a kind worth retrying.
        var failures = outcomes.Where(o => o.Failed).ToList();
        Assert.All(failures, o => Assert.True(RetryClassifier.IsRetryable(o.Exception!), o.Exception!.ToString()));
        Assert.All(failures, o => Assert.Equal(maximumRetryCount + 1, proof.Attempts[o.Input]));
        BatchProgressSnapshot progress = runner.Progress.Snapshot();
        Assert.Equal((successes.Count, failures.Count, 0L, 0), ((int)progress.Succeeded, (int)progress.Failed, progress.Cancelled, progress.InFlight));

        long attempts = outcomes.Sum(o => (long)proof.Attempts[o.Input]);
        Assert.True(proof.Counters.Retries > 0);
        Assert.Equal(attempts - inputs, proof.Counters.Retries);
        Assert.Equal(proof.Counters.Retries, proof.Notices.Count);
        // The server records every request it reads. An attempt can also fail before that: the client may reuse a pooled
        // connection the server has just cut (a cut-stream fault), and that attempt is retried without reaching it.
        Assert.InRange(proof.Server.Requests.Count, inputs - failures.Count, attempts);
        Assert.True(attempts - proof.Server.Requests.Count <= proof.Notices.Count(n => n.ErrorId is ErrorIds.ApiConnectionFailed or ErrorIds.StreamInterrupted));
        _output.WriteLine($"{successes.Count} succeeded, {failures.Count} failed, {proof.Counters.Retries} retries, {attempts} requests; retried: "
            + string.Join(", ", proof.Notices.GroupBy(n => n.ErrorId).Select(g => $"{g.Key} {g.Count()}")));

        // Every kind in the mix was met and retried; the 429s waited exactly as long as the server asked.
        var kinds = proof.Notices.Select(n => n.ErrorId).ToHashSet();
        Assert.Subset(kinds, new HashSet<string> { ErrorIds.ApiRateLimited, ErrorIds.ApiServerError, ErrorIds.StreamInterrupted, ErrorIds.ApiTimeout });
        Assert.Subset(new HashSet<string> { ErrorIds.ApiRateLimited, ErrorIds.ApiServerError, ErrorIds.StreamInterrupted, ErrorIds.ApiTimeout, ErrorIds.ApiConnectionFailed }, kinds);
        var rateLimited = proof.Notices.Where(n => n.ErrorId == ErrorIds.ApiRateLimited).ToList();
        Assert.All(rateLimited, n => Assert.Equal((ServerRetryAfter, true), (n.Delay, n.DelayFromServer)));
        Assert.True(proof.Clock.Requested.Count(d => d == ServerRetryAfter) >= rateLimited.Count);
        return (successes.Count, failures.Count);
    }

    [Fact]
    public async Task Cancel_WithEveryRequestStalled_CompleteReturnsAllCancelledAndNothingRuns()
    {
        const int inputs = 200;
        var faults = new FaultMix(Seed: 8) { Stall = 1.0 };
        await using var proof = await FaultProofHarness.StartAsync(faults, idleTimeout: TimeSpan.FromMinutes(5), textStartedTarget: Concurrency);
        using var runner = proof.CreateRunner(Concurrency);

        Task<List<BatchOutcome<int, ChatResult>>> caller = PlainThreadCaller.Run(runner, Enumerable.Range(0, inputs));
        await proof.TextStartedEnough.WaitAsync(TimeSpan.FromMinutes(2));
        runner.Cancel();
        var outcomes = await caller;

        Assert.Equal(inputs, outcomes.Count);
        Assert.Equal(Enumerable.Range(0, inputs), outcomes.Select(o => (int)o.Index).Order());
        Assert.All(outcomes, o => Assert.True(o.IsCancelled, o.Exception?.ToString()));
        Assert.Equal(0, runner.RunningCount);
        Assert.Equal(Concurrency, proof.WorkTasks.Count);
        Assert.All(proof.WorkTasks, t => Assert.True(t.IsCompleted));
        Assert.Equal(Concurrency, proof.Server.Requests.Count);
        Assert.Equal(0, proof.Counters.Retries);
        Assert.Equal((0L, 0L, (long)inputs), (runner.Progress.Snapshot().Succeeded, runner.Progress.Snapshot().Failed, runner.Progress.Snapshot().Cancelled));
    }
}
