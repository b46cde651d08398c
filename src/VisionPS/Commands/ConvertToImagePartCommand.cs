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

    /// <summary>The model the images are for: picks the useful size (OpenAI tiles, OpenAI patches, Qwen). Default: $env:VISIONPS_MODEL.</summary>
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

    /// <summary>The page of a multi-page TIFF to send (1 = the first); other images have one page.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int Page { get; set; } = 1;

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

    private ImagePreparationQueue? _queue;

    protected override void BeginProcessing() => _queue = new ImagePreparationQueue(ThrottleLimit);

    protected override void ProcessRecord()
    {
        string? detail;
        Core.Models.ModelCatalog catalog;
        try
        {
            detail = ImageDetail.Normalize(Detail);

            // The catalog's image-token rules size the images, a user catalog ($env:VISIONPS_MODEL_CATALOG) included.
            catalog = Core.Models.ModelCatalog.Load();
        }
        catch (Exception ex)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, Detail, out _));
            return;
        }

        var paths = new PathResolver(this);
        var preparation = PreparationSwitches.ToOptions(NoResize, KeepMetadata, Quality, MaxSize, MaxBytes, Model ?? Environment.GetEnvironmentVariable(Core.Chat.Connection.ModelVariable), Tile) with { ConvertWebP = ConvertWebP, Catalog = catalog, Page = Page };
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

    protected override void StopProcessing() => _queue?.Cancel();

    public void Dispose() => _queue?.Dispose();

    private void Write(ImageInput input)
    {
        if (input.Error is null)
        {
            // A split document comes out as its tiles, in order, each with its Label.
            foreach (ImagePart part in input.Parts)
            {
                foreach (string warning in part.Warnings)
                {
                    WriteWarning(warning);
                }

                WriteVerbose(PreparationSummary.Of(part));
                WriteObject(part);
            }
        }
        else
        {
            WriteError(ErrorRecordFactory.Create(input.Error!, input.Target, out _));
        }
    }
}
