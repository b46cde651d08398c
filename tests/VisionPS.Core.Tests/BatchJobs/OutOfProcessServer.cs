using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>The test server in its own process (as Pester runs it), so this process's memory is the client's alone.</summary>
internal sealed partial class OutOfProcessServer : IDisposable
{
    public const string Key = "sk-scale-KEY-do-not-leak-0b7d";
    private readonly Process _process;
    private readonly HttpClient _admin = new();

    public OutOfProcessServer()
    {
        string dll = typeof(VisionPS.TestServer.VisionTestServer).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--api-key", Key })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        string banner = _process.StandardOutput.ReadLine() ?? "";
        Match m = BaseUrlPattern().Match(banner);
        if (!m.Success)
        {
            _process.Kill();
            throw new InvalidOperationException("The test server did not start: " + banner);
        }

        BaseUrl = new Uri(m.Groups[1].Value);
        Root = m.Groups[1].Value[..^"/v1".Length];
    }

    public Uri BaseUrl { get; }

    public string Root { get; }

    public async Task AdminAsync(string path, string json)
    {
        using HttpResponseMessage r = await _admin.PostAsync(Root + path, new StringContent(json, Encoding.UTF8, "application/json"));
        r.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        _admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"(http://127\.0\.0\.1:\d+/v1)")]
    private static partial Regex BaseUrlPattern();
}
