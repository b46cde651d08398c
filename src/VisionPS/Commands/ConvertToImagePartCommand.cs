using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>Makes ImagePart objects from files, URLs or bytes, checking each image's real format and size.</summary>
[Cmdlet(VerbsData.ConvertTo, "ImagePart", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImagePart))]
public sealed class ConvertToImagePartCommand : PSCmdlet, IDynamicParameters, IDisposable
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string UriSet = "Uri";
    private const string BytesSet = "Bytes";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    [ValidateNotNull]
    public byte[] Bytes { get; set; } = [];

    /// <summary>A name for -Bytes, shown as the part's Source.</summary>
    [Parameter(ParameterSetName = BytesSet)]
    public string? Name { get; set; }

    /// <summary>-Detail, -NoResize, -MaxBytes, -Page, -Tile and the other image parameters, shared with the chat commands.</summary>
    private ImageParameters Images { get; } = new();

    /// <summary>The image parameters (declared once, in <see cref="ImageParameters"/>).</summary>
    public object GetDynamicParameters() => Images;

    /// <summary>The model the images are for: picks the useful size (OpenAI tiles, OpenAI patches, Qwen). Default: the -Provider profile's model, then $env:VISIONPS_MODEL.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    /// <summary>
    /// How many images are read and prepared at once, on worker threads; parts are still written in input order.
    /// Default: the number of processors, at most 4. 1 prepares each image on the pipeline thread as it arrives.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>
    /// Prepare the images as this saved provider (Set-VisionProvider) takes them: formats it refuses re-encoded, detail
    /// left out where it means nothing, URLs it cannot fetch downloaded and prepared like files. Its model sizes the
    /// images when -Model is not given. Without it, images are prepared for OpenAI's behaviour.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProviderNameCompleter))]
    public string? Provider { get; set; }

    private ImagePreparationQueue? _queue;
    private readonly CancellationTokenSource _stop = new();
    private Core.Providers.RemoteImageFetcher? _fetcher;
    private ServerImageRules _imageRules = ServerImageRules.Any;
    private string? _profileModel;

    protected override void BeginProcessing()
    {
        _queue = new ImagePreparationQueue(ThrottleLimit);
        if (Provider is null)
        {
            return;
        }

        try
        {
            // The one connection step (no key: nothing is sent to the provider); its quirks, model and network settings.
            Core.Chat.Connection connection = Core.Chat.Connection.Resolve(new Core.Chat.ConnectionRequest
            {
                ProviderName = Provider,
                FindProfile = Core.Providers.ProviderStore.ForUser(Environment.GetEnvironmentVariable).Find,
                Environment = Environment.GetEnvironmentVariable,
                RequireKey = false,
            });
            Core.Providers.ProviderQuirks quirks = connection.Quirks;
            _profileModel = connection.Profile?.Model;
            _fetcher = quirks.AcceptsImageUrls == false
                ? new Core.Providers.RemoteImageFetcher(connection.ClientOptions.Network, connection.Profile?.AllowPrivateImageUrls == true, _stop.Token)
                : null;
            _imageRules = ServerImageRules.From(quirks, _fetcher);
        }
        catch (Exception ex)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, Provider, out _));
        }
    }

    protected override void ProcessRecord()
    {
        string? detail;
        string? model = Model ?? _profileModel ?? Environment.GetEnvironmentVariable(Core.Chat.Connection.ModelVariable);
        ImagePreparationOptions preparation;
        try
        {
            detail = ImageDetail.Normalize(Images.Detail);

            // The catalog's image-token rules size the images for a model, a user catalog ($env:VISIONPS_MODEL_CATALOG)
            // included. Without a model nothing reads it, and a one-shot script is spared parsing it (docs/performance.md).
            preparation = Images.ToOptions(model, model is null ? null : Core.Models.ModelCatalog.Load(), _imageRules);
        }
        catch (Exception ex)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, Images.Detail, out _));
            return;
        }

        var paths = new PathResolver(this);
        IEnumerable<(object? Item, object Target)> inputs = ParameterSetName switch
        {
            PathSet => Path.Select(p => ((object?)p, (object)p)),
            LiteralPathSet => LiteralPath.Select(p => ((object?)new LiteralPathReference(p), (object)p)),
            UriSet => Uri.Select(u => ((object?)u, (object)u)),
            _ => [((object?)Bytes, Name ?? (object)Bytes)],
        };

        foreach (var (item, target) in inputs)
        {
            // Paths resolve here, on the pipeline thread, as PowerShell requires; files are read by the queue.
            foreach (PendingImage pending in ImageInputReader.Resolve(item, target, paths, detail, preparation))
            {
                foreach (ImageInput input in _queue!.Post(pending))
                {
                    Write(input);
                }
            }
        }
    }

    protected override void EndProcessing()
    {
        foreach (ImageInput input in _queue!.Complete())
        {
            Write(input);
        }
    }

    protected override void StopProcessing()
    {
        _stop.Cancel();
        _queue?.Cancel();
    }

    public void Dispose()
    {
        _queue?.Dispose();
        _fetcher?.Dispose();
        _stop.Dispose();
    }

    // A PDF's pages, a video's frames or a split document's tiles come out as one part each, in order, each naming its
    // place (Label).
    private void Write(ImageInput input)
    {
        if (!input.Succeeded)
        {
            WriteError(ErrorRecordFactory.Create(input.Error!, input.Target, out _));
            return;
        }

        foreach (ImagePart part in input.Parts)
        {
            ImageReport.Write(part, WriteWarning, WriteVerbose);
            WriteObject(part);
        }
    }
}
