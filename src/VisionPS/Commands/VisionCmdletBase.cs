using System.Management.Automation;
using System.Security;
using VisionPS.Completers;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>What every command that talks to a provider shares: endpoint, key, timeout, cancellation, errors.</summary>
public abstract class VisionCmdletBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private VisionChatClient? _client;
    private RemoteImageFetcher? _imageFetcher;

    /// <summary>The API root, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. Default: $env:VISIONPS_BASE_URL, $env:OPENAI_BASE_URL, then OpenAI.</summary>
    [Parameter]
    [Alias("Endpoint")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.BaseUrlCompleter))]
    public string? BaseUrl { get; set; }

    /// <summary>The API key, as a SecureString or a string. Default: $env:VISIONPS_API_KEY, then $env:OPENAI_API_KEY.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    /// <summary>Seconds the server may stay silent (before answering, or in the middle of a stream). 0 = no limit.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int TimeoutSec { get; set; } = (int)VisionClientOptions.DefaultTimeout.TotalSeconds;

    /// <summary>Seconds a TCP connection may take to open. 0 = no limit beyond the system's.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int ConnectTimeoutSec { get; set; } = (int)VisionHttp.DefaultConnectTimeout.TotalSeconds;

    /// <summary>
    /// A saved provider profile (Set-VisionProvider). Without it, the default profile is used unless -BaseUrl is given.
    /// Each value comes from the parameter first, then the profile, then the environment.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProviderNameCompleter))]
    public string? Provider { get; set; }

    /// <summary>Send requests through this proxy. Default: the profile's, else HTTPS_PROXY/HTTP_PROXY/NO_PROXY (the system's on Windows).</summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Accept any TLS certificate (self-signed test servers). Certificates are checked unless this is given.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Allow plain http to a host that is not this machine (the key and images cross the network unencrypted).</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedHttp { get; set; }

    /// <summary>Seconds one answer may take from sending to its last byte, however steadily it trickles. 0 = no limit; default 1800.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int TotalTimeoutSec { get; set; } = (int)ResponseLimits.Default.MaxResponseTime!.Value.TotalSeconds;

    protected CancellationToken StopToken => _stop.Token;

    /// <summary>
    /// The one connection step (Core's <see cref="Connection"/>): parameters, then the profile (-Provider, or the
    /// default one unless -BaseUrl is given), then the environment. <paramref name="jobBaseUrl"/> and
    /// <paramref name="jobProvider"/> are what a batch job was submitted with, used when neither -BaseUrl nor -Provider is given.
    /// </summary>
    protected Connection ResolveConnection(bool requireKey = true, string? jobBaseUrl = null, string? jobProvider = null) => Connection.Resolve(new ConnectionRequest
    {
        BaseUrl = BaseUrl ?? (Provider is null ? jobBaseUrl : null),
        ApiKey = ApiKey is null ? null : ApiCredential.FromSecureString(ApiKey),
        ProviderName = Provider ?? (BaseUrl is null ? jobProvider : null),
        FindProfile = ProviderStore.ForUser(Environment.GetEnvironmentVariable).Find,
        ReadKey = new ProfileKeyReader(this).Read,
        Environment = Environment.GetEnvironmentVariable,
        AllowUnencryptedHttp = AllowUnencryptedHttp,
        RequireKey = requireKey,
        Proxy = Proxy,
        ProxyCredential = ProxyCredential?.GetNetworkCredential(),
        SkipCertificateCheck = SkipCertificateCheck,
        Timeout = TimeSpan.FromSeconds(TimeoutSec),
        ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSec),
        TotalTimeout = TotalTimeoutSec == 0 ? null : TimeSpan.FromSeconds(TotalTimeoutSec),
    });

    /// <summary>The command's client; disposed with the command, also when it is stopped or fails.</summary>
    protected VisionChatClient CreateClient(Connection connection)
    {
        _client?.Dispose();
        _client = new VisionChatClient(connection.ClientOptions);
        return _client;
    }

    /// <summary>
    /// How the connection's server takes images (its quirks), for image preparation; when it cannot fetch URLs, a
    /// downloader through the same proxy, cancelled by Ctrl+C and disposed with the command.
    /// </summary>
    protected Core.Images.Preparation.ServerImageRules ImageRules(Connection connection)
    {
        _imageFetcher?.Dispose();
        _imageFetcher = connection.Quirks.AcceptsImageUrls == false
            ? new RemoteImageFetcher(connection.ClientOptions.Network, connection.Profile?.AllowPrivateImageUrls == true, StopToken)
            : null;
        return Core.Images.Preparation.ServerImageRules.From(connection.Quirks, _imageFetcher);
    }

    /// <summary>
    /// Reports a failure for one input and goes on; stops the command when Core says nothing later can succeed
    /// (no key, 401/403, unknown model). A stop the user asked for (Ctrl+C) is not an error.
    /// </summary>
    protected void ReportError(Exception exception, object? target)
    {
        if (exception is PipelineStoppedException || (exception is OperationCanceledException && StopToken.IsCancellationRequested))
        {
            return;
        }

        ErrorRecord record = ErrorRecordFactory.Create(exception, target, out bool stopsCommand);
        if (stopsCommand)
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <summary>True for exceptions that ReportError handles; PipelineStoppedException always propagates.</summary>
    protected static bool IsReportable(Exception exception) => exception is not PipelineStoppedException;

    protected override void StopProcessing() => _stop.Cancel();

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _notices = new();

    /// <summary>A verbose line from Core, which may call from any thread; written by <see cref="RunSync{T}"/> on the pipeline thread.</summary>
    protected void QueueVerbose(string message) => _notices.Enqueue(message);

    /// <summary>Waits for Core's async work on the pipeline thread (Ctrl+C cancels it), then writes its verbose lines.</summary>
    protected T RunSync<T>(Task<T> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            while (_notices.TryDequeue(out string? notice))
            {
                WriteVerbose(notice);
            }
        }
    }

    protected void RunSync(Task task) => RunSync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

    /// <summary>Releases what a derived command holds; runs before the client is disposed.</summary>
    protected virtual void DisposeCommand()
    {
    }

    public void Dispose()
    {
        DisposeCommand();
        _client?.Dispose();
        _imageFetcher?.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
