using System.Management.Automation;
using System.Security;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>What every command that talks to a provider shares: endpoint, key, timeout, cancellation, errors.</summary>
public abstract class VisionCmdletBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private VisionChatClient? _client;

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

    protected CancellationToken StopToken => _stop.Token;

    protected Connection ResolveConnection(bool requireKey = true) => Connection.Resolve(
        BaseUrl,
        ApiKey is null ? null : ApiCredential.FromSecureString(ApiKey),
        Environment.GetEnvironmentVariable,
        requireKey);

    /// <summary>The command's client; disposed with the command, also when it is stopped or fails.</summary>
    protected VisionChatClient CreateClient(Connection connection)
    {
        _client?.Dispose();
        _client = new VisionChatClient(new VisionClientOptions
        {
            BaseUrl = connection.BaseUrl,
            ApiKey = connection.ApiKey,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSec),
        });
        return _client;
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

    /// <summary>Releases what a derived command holds; runs before the client is disposed.</summary>
    protected virtual void DisposeCommand()
    {
    }

    public void Dispose()
    {
        DisposeCommand();
        _client?.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
