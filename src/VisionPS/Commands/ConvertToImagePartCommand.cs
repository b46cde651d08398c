using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>Makes ImagePart objects from files, URLs or bytes, checking each image's real format and size.</summary>
[Cmdlet(VerbsData.ConvertTo, "ImagePart", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImagePart))]
public sealed class ConvertToImagePartCommand : PSCmdlet, IDisposable
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

    /// <summary>auto, low, high, or a newer level; omitted when not given (the provider's default).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DetailCompleter))]
    public string? Detail { get; set; }

    /// <summary>The model the images are for: picks the useful size (OpenAI tiles, OpenAI patches, Qwen). Default: the -Provider profile's model, then $env:VISIONPS_MODEL.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    /// <summary>Send images as they are: no downscaling, rotating or re-encoding (metadata is still stripped losslessly unless -KeepMetadata).</summary>
    [Parameter]
    public SwitchParameter NoResize { get; set; }

    /// <summary>Keep EXIF (GPS included), XMP and comments in images sent unchanged; re-encoded images never carry metadata.</summary>
    [Parameter]
    public SwitchParameter KeepMetadata { get; set; }

    /// <summary>Re-encode WebP images for servers that refuse WebP: to PNG, or JPEG for a lossy photo or when a PNG would not fit.</summary>
    [Parameter]
    public SwitchParameter ConvertWebP { get; set; }

    // ---- Documents and video (issue 18): the same block in every cmdlet that takes images; Core's SourceSwitches holds the logic. ----

    /// <summary>Pages to send: of a PDF (2, 1,3-5, or 4- for 4 to the end; default every page), or the one page of a multi-page TIFF (default 1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Page { get; set; }

    /// <summary>Frames per second to take from a video, from its start (default: -MaxFrames frames spread evenly over it).</summary>
    [Parameter]
    [ValidateRange(0.001, 60.0)]
    public double FramesPerSecond { get; set; }

    /// <summary>The most frames sent from one video or animated GIF (default 8).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int MaxFrames { get; set; }

    /// <summary>Send an animated GIF as its frames (up to 256) instead of its first frame.</summary>
    [Parameter]
    public SwitchParameter AllFrames { get; set; }

    // ---- end of documents and video ----

    /// <summary>
    /// Split tall or wide documents into overlapping, labelled tiles sent in one request, so their text stays legible:
    /// auto (the default: when the model's box would shrink the image too far), off, or a number of tiles (1-32).
    /// </summary>
    [Parameter]
    [ValidateTile]
    [ArgumentCompleter(typeof(TileCompleter))]
    public string Tile { get; set; } = "auto";

    /// <summary>JPEG quality (1-100) for images VisionPS re-encodes; default 85, lowered only to meet -MaxBytes.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int Quality { get; set; }

    /// <summary>Fit images into a MaxSize x MaxSize box instead of the model family's useful size (never enlarges).</summary>
    [Parameter]
    [ValidateRange(16, 65535)]
    public int MaxSize { get; set; }

    /// <summary>The most bytes of base64 one image may take in the request; default 1000000 (1 MB).</summary>
    [Parameter]
    [ValidateRange(1024L, long.MaxValue)]
    public long MaxBytes { get; set; }

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
        Core.Models.ModelCatalog? catalog;
        try
        {
            detail = ImageDetail.Normalize(Detail);

            // The catalog's image-token rules size the images for a model, a user catalog ($env:VISIONPS_MODEL_CATALOG)
            // included. Without a model nothing reads it, and a one-shot script is spared parsing it (docs/performance.md).
            catalog = model is null ? null : Core.Models.ModelCatalog.Load();
        }
        catch (Exception ex)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, Detail, out _));
            return;
        }

        var paths = new PathResolver(this);
        var preparation = SourceSwitches.Apply(
            PreparationSwitches.ToOptions(NoResize, KeepMetadata, Quality, MaxSize, MaxBytes, model, Tile)
                with { ConvertWebP = ConvertWebP, Catalog = catalog, Server = _imageRules },
            Page,
            FramesPerSecond,
            MaxFrames,
            AllFrames);
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
