using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Matrix;

/// <summary>
/// The servers and profiles every matrix case runs against, all relays in front of the fixture's test server (key
/// <see cref="ModuleFixture.Key"/>), each on its own loopback port and so its own origin:
/// <list type="bullet">
/// <item><see cref="Home"/>: the default profile "home" (key from $env:MATRIX_KEY).</item>
/// <item><see cref="Named"/>: profile "p" (same key), used with -Provider p.</item>
/// <item><see cref="Other"/>: another origin, given as -BaseUrl; no profile's key may reach it.</item>
/// <item><see cref="Redirector"/>: profile "redir", which answers every request with a 307 to <see cref="Other"/>.</item>
/// <item><see cref="ProxyRelay"/>: a forward proxy for -Proxy.</item>
/// </list>
/// The provider variables are set for the process while a test runs and cleared after (the collection runs serially).
/// </summary>
public sealed class MatrixWorld : IAsyncDisposable
{
    public const string KeyVariable = "MATRIX_KEY";

    private static readonly string[] Variables = ["VISIONPS_CONFIG_DIR", "VISIONPS_DATA_DIR", KeyVariable, "VISIONPS_MODEL"];

    private readonly ModuleFixture _fixture;
    private int _jobs;

    public MatrixWorld(ModuleFixture fixture)
    {
        _fixture = fixture;
        Home = LoopbackRelay.Forward(fixture.Server.BaseUrl);
        Named = LoopbackRelay.Forward(fixture.Server.BaseUrl);
        Other = LoopbackRelay.Forward(fixture.Server.BaseUrl);
        Redirector = LoopbackRelay.Redirect(Other.Origin);
        ProxyRelay = LoopbackRelay.Proxy();
        Environment.SetEnvironmentVariable("VISIONPS_CONFIG_DIR", Config);
        Environment.SetEnvironmentVariable("VISIONPS_DATA_DIR", Path.Combine(Config, "data"));
        Environment.SetEnvironmentVariable(KeyVariable, ModuleFixture.Key);
        Environment.SetEnvironmentVariable("VISIONPS_MODEL", "gpt-4o");
        Shell = fixture.Shell();
        HostedRun setup = Shell.Run(
            $"Set-VisionProvider home -BaseUrl '{Url(Home)}' -KeyVariable {KeyVariable} -Model gpt-4o -Default\n" +
            $"Set-VisionProvider p -BaseUrl '{Url(Named)}' -KeyVariable {KeyVariable} -Model gpt-4o\n" +
            $"Set-VisionProvider redir -BaseUrl '{Url(Redirector)}' -KeyVariable {KeyVariable} -Model gpt-4o");
        if (setup.Terminating is not null || setup.Errors.Count > 0)
        {
            throw new InvalidOperationException("The matrix profiles could not be saved: " + (setup.Terminating ?? setup.Errors[0]));
        }
    }

    public string Config { get; } = Directory.CreateTempSubdirectory("visionps-matrix-").FullName;

    public ModuleShell Shell { get; }

    public LoopbackRelay Home { get; }

    public LoopbackRelay Named { get; }

    public LoopbackRelay Other { get; }

    public LoopbackRelay Redirector { get; }

    public LoopbackRelay ProxyRelay { get; }

    public IEnumerable<(string Name, LoopbackRelay Relay)> Relays =>
        [("home", Home), ("p", Named), ("other origin", Other), ("redirector", Redirector), ("proxy", ProxyRelay)];

    /// <summary>A relay's origin with the test server's API path (/v1).</summary>
    public string Url(LoopbackRelay relay) => new Uri(relay.Origin, _fixture.Server.BaseUrl.AbsolutePath).ToString();

    /// <summary>How many requests each relay has seen so far: what a case compares against afterwards.</summary>
    public Dictionary<LoopbackRelay, int> Mark() => Relays.ToDictionary(r => r.Relay, r => r.Relay.Requests.Count);

    /// <summary>The requests <paramref name="relay"/> saw since <paramref name="mark"/>.</summary>
    public static IReadOnlyList<RelayedRequest> Since(Dictionary<LoopbackRelay, int> mark, LoopbackRelay relay) => relay.Requests.Skip(mark[relay]).ToList();

    /// <summary>Sets $MatrixJob to a folder no job uses yet, for a command that makes the job itself from its inputs.</summary>
    public void FreshJobFolder()
    {
        string folder = Path.Combine(_fixture.Work, "matrix-job-" + Interlocked.Increment(ref _jobs) + "-" + Guid.NewGuid().ToString("N")[..6]);
        Shell.Run($"$global:MatrixJob = '{folder}'");
    }

    /// <summary>Submits a.jpg as a new batch job (with <paramref name="connection"/>) and sets $MatrixJob and $MatrixBatchId.</summary>
    /// <returns>Null when the job was made, else why not.</returns>
    public string? MakeJob(string connection)
    {
        string folder = Path.Combine(_fixture.Work, "matrix-job-" + Interlocked.Increment(ref _jobs) + "-" + Guid.NewGuid().ToString("N")[..6]);
        HostedRun run = Shell.Run($"$j = Submit-VisionBatch 'Describe' 'a.jpg' -JobPath '{folder}' {connection}; $global:MatrixJob = $j.JobPath; $global:MatrixBatchId = @($j.BatchIds)[0]; $j");
        return run.Terminating is not null || run.Errors.Count > 0 || run.Output.Count != 1
            ? $"the job it works on could not be submitted with '{connection}': {run.Terminating ?? run.Errors.FirstOrDefault()}"
            : null;
    }

    /// <summary>The error ids (before the comma) of every error the run wrote or ended with.</summary>
    public static IEnumerable<string> ErrorIds(HostedRun run) =>
        run.Errors.Concat(run.Terminating is null ? [] : [run.Terminating]).Select(e => e.FullyQualifiedErrorId.Split(',')[0]);

    public async ValueTask DisposeAsync()
    {
        Shell.Dispose();
        foreach (string name in Variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        foreach ((_, LoopbackRelay relay) in Relays)
        {
            await relay.DisposeAsync();
        }

        Directory.Delete(Config, recursive: true);
    }
}
