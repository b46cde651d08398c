using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VisionPS.TestServer;

/// <summary>
/// A strict OpenAI-compatible chat-completions server on 127.0.0.1 for tests: it validates requests like a real
/// provider, answers with text that proves what arrived (<see cref="AnswerText"/>), counts tokens by a documented
/// rule (<see cref="TokenCounter"/>), streams in many framings (<see cref="StreamFraming"/>) and misbehaves on
/// request (<see cref="Fault"/>). See README.md.
/// </summary>
public sealed partial class VisionTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerState _state;
    private readonly Batches.BatchState _batches;
    private int _disposed;

    private VisionTestServer(WebApplication app, ServerState state, Batches.BatchState batches, Uri baseUrl)
    {
        _app = app;
        _state = state;
        _batches = batches;
        BaseUrl = baseUrl;
    }

    /// <summary>Base URL including <c>/v1</c> and without a trailing slash, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c>: an Azure resource root for the deployments shape.</summary>
    public Uri Root => new(BaseUrl.GetLeftPart(UriPartial.Authority));

    /// <summary>The accepted key, or null when any non-empty bearer key is accepted.</summary>
    public string? ApiKey => _state.ApiKey;

    /// <summary>Framing of streamed answers for later requests (a <see cref="Fault.WithFraming"/> fault overrides it for one request).</summary>
    public StreamFraming Framing
    {
        get => _state.Framing;
        set => _state.Framing = value;
    }

    /// <summary>Snapshot, in arrival order, of the chat requests received so far.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _state.SnapshotRequests();

    /// <summary>Requests whose handler ended because the server was being disposed (e.g. a stalled stream).</summary>
    internal int ShutdownAbortedRequests => _state.ShutdownAborts;

    /// <summary>Starts Kestrel on http://127.0.0.1 with a free port.</summary>
    public static Task<VisionTestServer> StartAsync(TestServerOptions? options = null, CancellationToken cancellationToken = default)
        => StartAsync(options ?? new TestServerOptions(), urls: null, consoleHost: false, cancellationToken);

    /// <summary>
    /// The answer the server gives for a request whose LAST user message has <paramref name="prompt"/> as its text
    /// (text parts joined with "\n") and <paramref name="images"/>, in a request of <paramref name="messageCount"/> messages.
    /// Before any max_tokens truncation (see <see cref="AnswerText.ApplyLimit"/>).
    /// </summary>
    public static string ExpectedText(string model, int messageCount, string prompt, params ExpectedImage[] images)
        => AnswerText.Build(model, messageCount, prompt, images);

    /// <summary>Queues a fault for one later chat request (FIFO).</summary>
    public void EnqueueFault(Fault fault) => _state.EnqueueFault(fault);

    /// <summary>Stops promptly, also with stalled, trickling or delayed requests in flight (their connections are aborted).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _state.SignalStopping();
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _state.Dispose();
    }

    /// <summary>For Program: completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    internal Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    internal static async Task<VisionTestServer> StartAsync(TestServerOptions options, string? urls, bool consoleHost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkChars, 1, nameof(options.ChunkChars));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxImagesPerRequest, nameof(options.MaxImagesPerRequest));
        if (options.Models is null || options.Models.Count == 0)
        {
            throw new ArgumentException("At least one model must be served.", nameof(options));
        }

        var state = new ServerState(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(VisionTestServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        builder.Logging.ClearProviders(); // quiet: no per-request console logging
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(10));
        if (!consoleHost)
        {
            builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (options.Certificate is { } defaultCertificate)
            {
                k.ConfigureHttpsDefaults(h => h.ServerCertificate = defaultCertificate); // for https:// in --urls
            }

            k.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
            k.ConfigureEndpointDefaults(listen =>
            {
                listen.Protocols = HttpProtocols.Http1; // what OpenAI clients speak over plain http; keeps the connection cut simple
                listen.Use(ConnectionCutter.RunAsync);
            });
            if (urls is null)
            {
                k.Listen(IPAddress.Loopback, 0, listen =>
                {
                    if (options.Certificate is { } certificate)
                    {
                        listen.UseHttps(certificate);
                    }
                });
            }
        });
        if (urls is not null)
        {
            if (options.Certificate is not null)
            {
                builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves https:// addresses out otherwise
            }

            builder.WebHost.UseUrls(urls);
        }

        WebApplication app = builder.Build();
        app.Use((context, next) =>
        {
            ResponseHeaders.Apply(context, state.NextResponseNumber());
            return next(context);
        });
        app.Use((context, next) => context.GetEndpoint() is null
            ? ErrorResponses.WriteAsync(context, new ApiError(404, $"Invalid URL ({context.Request.Method} {context.Request.Path})", ApiError.InvalidRequestType, null, null), context.RequestAborted)
            : next(context));

        var chat = new ChatEndpoint(state);
        var models = new ModelsEndpoint(state);
        app.Map(ChatEndpoint.Path, chat.HandleAsync);
        app.Map(ChatEndpoint.AzureDeploymentPath, new ChatEndpoint(state, ChatRoute.AzureDeployment).HandleAsync);
        app.Map(ChatEndpoint.AzureV1Path, new ChatEndpoint(state, ChatRoute.AzureV1).HandleAsync);
        app.Map(ModelsEndpoint.Path, models.HandleListAsync);
        app.Map(ModelsEndpoint.Path + "/{**id}", models.HandleOneAsync);
        new AdminEndpoints(state).Map(app);
        Batches.BatchState batches = MapBatchApi(app, options, state);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            state.Dispose();
            throw;
        }

        string address = app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? app.Urls.First();
        return new VisionTestServer(app, state, batches, new Uri(address.TrimEnd('/') + "/v1"));
    }
}
