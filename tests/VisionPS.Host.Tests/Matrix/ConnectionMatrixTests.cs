using System.Management.Automation;
using VisionPS.Host.Tests.Contracts;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Matrix;

/// <summary>
/// Every exported cmdlet that connects (read from the module's metadata, not listed here) runs against the same
/// connection cases; a case collects every cmdlet's failure and reports them together, as "cmdlet × case: what".
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ConnectionMatrixTests(ModuleFixture fixture) : IAsyncLifetime
{
    /// <summary>Error ids that mean the connection went wrong (as opposed to what the server then said about the work).</summary>
    private static readonly string[] ConnectionErrors = ["ProviderNotFound", "ApiKeyMissing", "ApiAuthenticationFailed", "InvalidBaseUrl", "InsecureBaseUrl", "ModelNotSpecified"];

    private MatrixWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new MatrixWorld(fixture);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public void Metadata_NamesTheConnectingCmdlets_AndEachCanBeInvoked()
    {
        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        string[] connecting = surface.Connecting.Select(c => c.Name).ToArray();

        // A floor, not the list: the matrix must at least see the cmdlets that connected when it was written.
        Assert.Superset(
            new HashSet<string> { "Invoke-VisionChat", "Compare-Image", "Get-VisionModel", "Test-VisionProvider", "Submit-VisionBatch", "Get-VisionBatch", "Receive-VisionBatch", "Stop-VisionBatch" },
            connecting.ToHashSet());
        foreach (CmdletInfo cmdlet in surface.Connecting)
        {
            Assert.StartsWith(cmdlet.Name, ModuleSurface.Invocation(cmdlet), StringComparison.Ordinal); // throws, naming it, when it cannot be invoked
            Assert.True(cmdlet.Parameters.ContainsKey("Provider") && cmdlet.Parameters.ContainsKey("BaseUrl") && cmdlet.Parameters.ContainsKey("Proxy"), $"{cmdlet.Name} lacks the connection parameters");
        }

        // Whatever takes -Provider connects (and is in every case above), only prepares images for that provider
        // (ConvertTo-ImagePart -Provider: it takes images and is in the image matrix and the case below), or filters
        // what was recorded by profile name (a -Provider that takes wildcards, Get-VisionHistory: no profile is used).
        Assert.All(surface.Cmdlets.Where(c => c.Parameters.ContainsKey("Provider") && !ModuleSurface.IsFilter(c.Parameters["Provider"])), c => Assert.True(connecting.Contains(c.Name) || surface.TakingImages.Contains(c), $"{c.Name} takes -Provider but is in neither matrix"));
    }

    [Fact]
    public void UnknownProvider_IsProviderNotFound_ForCmdletsThatOnlyPrepare()
    {
        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        var failures = new List<string>();
        foreach (CmdletInfo cmdlet in surface.Cmdlets.Where(c => c.Parameters.ContainsKey("Provider") && !ModuleSurface.IsFilter(c.Parameters["Provider"]) && !surface.Connecting.Contains(c)))
        {
            HostedRun run = _world.Shell.Run(ModuleSurface.Invocation(cmdlet, "-Provider nosuch", "'photo.jpg'"));
            if (!MatrixWorld.ErrorIds(run).Contains("ProviderNotFound"))
            {
                failures.Add($"{cmdlet.Name} × -Provider nosuch: no ProviderNotFound error (errors: {string.Join(", ", MatrixWorld.ErrorIds(run))})");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void DefaultProfile_SendsToItsServerWithItsKey() => RunCase(
        "default profile", "", "", (mark, run) =>
            ReachedWithKey(mark, _world.Home) ?? NothingAt(mark, _world.Named, _world.Other, _world.Redirector) ?? NoConnectionError(run));

    [Fact]
    public void NamedProvider_SendsToItsServerWithItsKey() => RunCase(
        "-Provider p", "-Provider p", "-Provider p", (mark, run) =>
            ReachedWithKey(mark, _world.Named) ?? NothingAt(mark, _world.Home, _world.Other, _world.Redirector) ?? NoConnectionError(run));

    [Fact]
    public void UnknownProvider_IsProviderNotFound_AndSendsNothing() => RunCase(
        "-Provider nosuch", "-Provider nosuch", "", (mark, run) =>
            (MatrixWorld.ErrorIds(run).Contains("ProviderNotFound") ? null : $"no ProviderNotFound error (errors: {string.Join(", ", MatrixWorld.ErrorIds(run))})")
            ?? NothingAt(mark, _world.Home, _world.Named, _world.Other, _world.Redirector));

    [Fact]
    public void BaseUrlOfAnotherHost_GetsNoDefaultProfileKey() => RunCase(
        "-BaseUrl <another host>", $"-BaseUrl '{_world.Url(_world.Other)}'", "", (mark, run) =>
            ReachedWithoutKey(mark, _world.Other) ?? NothingAt(mark, _world.Home, _world.Named));

    [Fact]
    public void BaseUrlOfAnotherHost_GetsNoNamedProfileKey() => RunCase(
        "-Provider p -BaseUrl <another host>", $"-Provider p -BaseUrl '{_world.Url(_world.Other)}'", "-Provider p", (mark, run) =>
            ReachedWithoutKey(mark, _world.Other) ?? NothingAt(mark, _world.Home, _world.Named));

    [Fact]
    public void Proxy_CarriesEveryRequest() => RunCase(
        "-Proxy", $"-Provider p -Proxy '{_world.ProxyRelay.Origin}'", "-Provider p", (mark, run) =>
            (MatrixWorld.Since(mark, _world.ProxyRelay) is { Count: > 0 } proxied
                ? proxied.All(r => r.Target.StartsWith(_world.Named.Origin.ToString().TrimEnd('/'), StringComparison.Ordinal)) ? null : $"the proxy saw requests for other servers: {string.Join(", ", proxied)}"
                : "nothing went through the proxy")
            ?? ReachedWithKey(mark, _world.Named) ?? NoConnectionError(run));

    [Fact]
    public void RedirectToAnotherOrigin_IsFollowedWithoutTheKey() => RunCase(
        "redirect to another origin", "-Provider redir", "-Provider p", (mark, run) =>
            ReachedWithKey(mark, _world.Redirector) ?? ReachedWithoutKey(mark, _world.Other));

    // A hand-edited providers.json with a proxy that is not an http(s) URL: every connecting cmdlet says which profile
    // is wrong (InvalidProviderProfile) and sends nothing, instead of a UriFormatException; the value is not echoed.
    [Fact]
    public void SavedProxyThatIsNotAUrl_IsInvalidProviderProfile_AndSendsNothing()
    {
        _world.Shell.Run($"Set-VisionProvider badproxy -BaseUrl '{_world.Url(_world.Named)}' -KeyVariable {MatrixWorld.KeyVariable} -Model gpt-4o -Proxy 'http://placeholder.invalid:1'");
        string store = Path.Combine(_world.Config, "providers.json");
        File.WriteAllText(store, File.ReadAllText(store).Replace("http://placeholder.invalid:1", "squid.internal:8080", StringComparison.Ordinal));
        RunCase("saved proxy not a URL", "-Provider badproxy", "-Provider p", (mark, run) =>
            (MatrixWorld.ErrorIds(run).Contains("InvalidProviderProfile") ? null : $"no InvalidProviderProfile error (errors: {string.Join(", ", MatrixWorld.ErrorIds(run))})")
            ?? (run.Errors.Any(e => e.ToString().Contains("squid.internal", StringComparison.Ordinal)) ? "the saved proxy shows in the error" : null)
            ?? NothingAt(mark, _world.Home, _world.Named, _world.Other, _world.Redirector, _world.ProxyRelay));
    }

    /// <param name="caseName">For the report.</param>
    /// <param name="arguments">The connection arguments of the case, appended to each cmdlet's invocation.</param>
    /// <param name="jobConnection">How the batch job is submitted first, for cmdlets that work on one.</param>
    /// <param name="check">Null when the cmdlet kept the contract, else what it did wrong.</param>
    private void RunCase(string caseName, string arguments, string jobConnection, Func<Dictionary<LoopbackRelay, int>, HostedRun, string?> check)
    {
        ModuleSurface surface = ModuleSurface.Read(_world.Shell);
        var failures = new List<string>();
        int ran = 0;
        foreach (CmdletInfo cmdlet in surface.Connecting)
        {
            string invocation = ModuleSurface.Invocation(cmdlet, arguments);
            ran++;
            // A command given inputs makes its job (Submit-VisionBatch); the others work on one made first.
            if (ModuleSurface.NeedsJob(invocation) && invocation.Contains(" -Image ", StringComparison.Ordinal))
            {
                _world.FreshJobFolder();
            }
            else if (ModuleSurface.NeedsJob(invocation) && _world.MakeJob(jobConnection) is { } setupFailed)
            {
                failures.Add($"{cmdlet.Name} × {caseName}: {setupFailed}");
                continue;
            }

            Dictionary<LoopbackRelay, int> mark = _world.Mark();
            HostedRun run = _world.Shell.Run(invocation);
            try
            {
                ContractAssert.NoKey(run);
            }
            catch (Xunit.Sdk.XunitException)
            {
                failures.Add($"{cmdlet.Name} × {caseName}: the key shows in its output");
            }

            if (check(mark, run) is { } failure)
            {
                failures.Add($"{cmdlet.Name} × {caseName}: {failure}  [{invocation}]");
            }
        }

        Assert.True(ran >= 8, $"only {ran} connecting cmdlets were found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string? ReachedWithKey(Dictionary<LoopbackRelay, int> mark, LoopbackRelay relay)
    {
        IReadOnlyList<RelayedRequest> requests = MatrixWorld.Since(mark, relay);
        return requests.Count == 0 ? $"nothing reached {relay.Origin}"
            : requests.All(r => r.Carries(ModuleFixture.Key)) ? null
            : $"requests to {relay.Origin} without the key: {string.Join(", ", requests.Where(r => !r.Carries(ModuleFixture.Key)))}";
    }

    private static string? ReachedWithoutKey(Dictionary<LoopbackRelay, int> mark, LoopbackRelay relay)
    {
        IReadOnlyList<RelayedRequest> requests = MatrixWorld.Since(mark, relay);
        return requests.Count == 0 ? $"nothing reached {relay.Origin}"
            : requests.Any(r => r.Carries(ModuleFixture.Key)) ? $"THE KEY reached {relay.Origin}: {string.Join(", ", requests.Where(r => r.Carries(ModuleFixture.Key)))}"
            : null;
    }

    private static string? NothingAt(Dictionary<LoopbackRelay, int> mark, params LoopbackRelay[] relays) =>
        relays.Select(r => (r, MatrixWorld.Since(mark, r))).Where(x => x.Item2.Count > 0).Select(x => $"{x.Item2.Count} request(s) went to {x.r.Origin}, which this case does not name ({string.Join(", ", x.Item2)})").FirstOrDefault();

    private static string? NoConnectionError(HostedRun run) =>
        MatrixWorld.ErrorIds(run).FirstOrDefault(id => ConnectionErrors.Contains(id)) is { } id ? $"connection error {id}" : null;
}
