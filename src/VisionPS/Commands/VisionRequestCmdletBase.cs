using System.Management.Automation;
using VisionPS.Completers;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Models;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// The image and request parameters, declared once for every command that builds chat requests from images
/// (Invoke-VisionChat and Compare-Image through <see cref="VisionChatCmdletBase"/>, and Submit-VisionBatch): the
/// model, how images are prepared, and what the request asks for. A derived command turns them into Core options
/// with <see cref="RequestSettings"/> and <see cref="PreparationOptions"/>.
/// </summary>
public abstract class VisionRequestCmdletBase : VisionCmdletBase
{
    /// <summary>The model id; also bound from a piped Get-VisionModel object (its Model alias property).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    [Parameter]
    public string? SystemPrompt { get; set; }

    /// <summary>auto, low, high, or a newer level, for images that do not carry their own.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DetailCompleter))]
    public string? Detail { get; set; }

    /// <summary>Send images as they are: no downscaling, rotating or re-encoding (metadata is still stripped losslessly unless -KeepMetadata).</summary>
    [Parameter]
    public SwitchParameter NoResize { get; set; }

    /// <summary>Keep EXIF (GPS included), XMP and comments in images sent unchanged; re-encoded images never carry metadata.</summary>
    [Parameter]
    public SwitchParameter KeepMetadata { get; set; }

    /// <summary>Re-encode WebP images for servers that refuse WebP: to PNG, or JPEG for a lossy photo or when a PNG would not fit.</summary>
    [Parameter]
    public SwitchParameter ConvertWebP { get; set; }

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

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxTokens { get; set; }

    [Parameter]
    [ValidateRange(0.0, 2.0)]
    public double? Temperature { get; set; }

    /// <summary>Which field carries -MaxTokens: Auto (max_completion_tokens for OpenAI/Azure, max_tokens elsewhere).</summary>
    [Parameter]
    public TokenLimitField TokenLimitField { get => (TokenLimitField)_tokenLimitField; set => _tokenLimitField = (int)value; }

    // An int, not the enum: a field of a Core value type makes PowerShell load VisionPS.Core while it scans this assembly,
    // before the module initializer can send it to the module's own load context (the import then fails).
    private int _tokenLimitField = (int)TokenLimitField.Auto;

    /// <summary>
    /// The answer must be JSON following this schema: a JSON Schema (string or hashtable), or a PowerShell class or .NET
    /// type (the schema is made from its public properties). Sent as response_format json_schema (strict when the schema
    /// allows); the parsed answer is the result's Data.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public object? Schema { get; set; }

    /// <summary>The answer must be a JSON object (response_format json_object); the parsed answer is the result's Data.</summary>
    [Parameter]
    public SwitchParameter AsJson { get; set; }

    /// <summary>For servers without json_schema: send json_object and put -Schema in the prompt (the answer is still validated).</summary>
    [Parameter]
    public SwitchParameter NoJsonSchema { get; set; }

    /// <summary>-Detail, normalized; set by <see cref="ReadRequestParameters"/>.</summary>
    protected string? NormalizedDetail { get; private set; }

    /// <summary>-Schema as Core reads it; set by <see cref="ReadRequestParameters"/>.</summary>
    private protected Core.Structured.OutputSchema? OutputSchema { get; private set; }

    /// <summary>Checks -Detail and -Schema (first thing in BeginProcessing: a bad value is reported before anything else).</summary>
    protected void ReadRequestParameters()
    {
        NormalizedDetail = ImageDetail.Normalize(Detail);
        OutputSchema = Schema is null ? null : SchemaArgument.ToSchema(Schema);
    }

    /// <summary>The request parameters as Core's one options type (model still open: the pipeline resolves it per request).</summary>
    protected ChatSettings RequestSettings(Connection connection)
    {
        _imageRules = ImageRules(connection);
        return new ChatSettings
        {
            BaseUrl = connection.BaseUrl,
            Quirks = connection.Quirks,
            Model = Model,
            SystemPrompt = SystemPrompt,
            MaxTokens = MaxTokens,
            Temperature = Temperature,
            TokenLimitField = TokenLimitField,
            Schema = OutputSchema,
            AsJson = AsJson,
            NoJsonSchema = NoJsonSchema,
        };
    }

    /// <summary>How images are prepared for <paramref name="model"/> (null: no model known yet).</summary>
    protected ImagePreparationOptions PreparationOptions(string? model, ModelCatalog catalog) =>
        SourceSwitches.Apply(
            PreparationSwitches.ToOptions(NoResize, KeepMetadata, Quality, MaxSize, MaxBytes, model, Tile)
                with { ConvertWebP = ConvertWebP, Catalog = catalog, Server = _imageRules },
            Page,
            FramesPerSecond,
            MaxFrames,
            AllFrames);

    // How the server takes images (its quirks): set with the request settings, read by every image's preparation.
    private ServerImageRules _imageRules = ServerImageRules.Any;

    /// <summary>True under -WhatIf (then nothing is sent and no key is needed).</summary>
    protected bool IsWhatIf() =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound) && bound is SwitchParameter { IsPresent: true })
        || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference", false));
}
