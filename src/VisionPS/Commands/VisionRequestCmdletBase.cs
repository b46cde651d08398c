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
public abstract class VisionRequestCmdletBase : VisionCmdletBase, IDynamicParameters
{
    /// <summary>-Detail, -NoResize, -MaxBytes, -Page, -Tile and the other image parameters, shared with ConvertTo-ImagePart.</summary>
    protected ImageParameters Images { get; } = new();

    /// <summary>The image parameters (declared once, in <see cref="ImageParameters"/>).</summary>
    public object GetDynamicParameters() => Images;

    /// <summary>The model id; also bound from a piped Get-VisionModel object (its Model alias property).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    [Parameter]
    public string? SystemPrompt { get; set; }

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
        NormalizedDetail = ImageDetail.Normalize(Images.Detail);
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
    protected ImagePreparationOptions PreparationOptions(string? model, ModelCatalog catalog) => Images.ToOptions(model, catalog, _imageRules);

    // How the server takes images (its quirks): set with the request settings, read by every image's preparation.
    private ServerImageRules _imageRules = ServerImageRules.Any;

    /// <summary>True under -WhatIf (then nothing is sent and no key is needed).</summary>
    protected bool IsWhatIf() =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound) && bound is SwitchParameter { IsPresent: true })
        || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference", false));
}
