using System.Management.Automation;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Sends a prompt with images to an OpenAI-compatible chat endpoint. The answer streams to the host as it arrives;
/// the pipeline gets one ChatResult per request. Piped images get one request each unless -SingleRequest.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VisionChat", SupportsShouldProcess = true)]
[OutputType(typeof(ChatResult), typeof(string))]
public sealed class InvokeVisionChatCommand : VisionChatCmdletBase
{
    private readonly List<ImagePart> _pending = [];
    private readonly List<object> _pendingTargets = [];
    private bool _onePerImage;
    private int _imageInputs;
    private int _pipedRequests;

    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public string Prompt { get; set; } = string.Empty;

    /// <summary>Paths (wildcards allowed), http(s) URLs, data URLs, FileInfo or ImagePart objects; also from the pipeline.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true)]
    [Alias("Images")]
    [SupportsWildcards]
    public object[]? Image { get; set; }

    /// <summary>
    /// The conversation this prompt continues: a previous result (piping it does the same), its Conversation, or a
    /// conversation saved with ConvertTo-Json and read back with ConvertFrom-Json.
    /// </summary>
    [Parameter]
    [ConversationTransformation]
    public Conversation? Conversation { get; set; }

    /// <summary>Send every piped image in one request instead of one request per image.</summary>
    [Parameter]
    public SwitchParameter SingleRequest { get; set; }

    /// <summary>Put the text before the images (the default is images first).</summary>
    [Parameter]
    public SwitchParameter TextFirst { get; set; }

    protected override string Activity => "Invoke-VisionChat";

    protected override string? ConversationModel => Conversation?.Model;

    protected override ChatPipelineOptions CustomizeOptions(ChatPipelineOptions options) => options with { TextFirst = TextFirst };

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _onePerImage = MyInvocation.ExpectingInput && !SingleRequest;
    }

    protected override void ProcessRecord()
    {
        var paths = new PathResolver(this);
        ImagePreparationOptions preparation = PreparationOptions(null);
        foreach (object? raw in Image ?? [])
        {
            object? item = PathResolver.Unwrap(raw);
            if (item is ChatResult piped)
            {
                _pipedRequests++;
                Send(ConversationTransformationAttribute.Of(piped), [], piped);
                continue;
            }

            if (item is VisionModel model)
            {
                // Without -Image the piped model binds here too; its id is already bound to -Model: ask it the prompt.
                _pipedRequests++;
                Send(Conversation, [], model);
                continue;
            }

            foreach (PendingImage pending in ImageInputReader.Resolve(item, raw ?? item!, paths, NormalizedDetail, preparation))
            {
                _imageInputs++;
                if (_onePerImage)
                {
                    // In a batch the image is read and prepared on a worker.
                    Sender.Send([pending], parts => Build(Conversation, parts), pending.Target, Shape);
                }
                else if (Sender.LoadAll(pending) is { Count: > 0 } parts)
                {
                    _pending.AddRange(parts);
                    _pendingTargets.Add(pending.Target);
                }
            }
        }
    }

    protected override void EndProcessing()
    {
        // One request for everything that was not sent one by one; none when every given image failed to load,
        // and none when only conversations were piped (each was answered already).
        bool textOnly = _imageInputs == 0 && _pipedRequests == 0 && !_onePerImage;
        if (_pending.Count > 0 || textOnly)
        {
            object target = _pendingTargets.Count switch { 0 => Prompt, 1 => _pendingTargets[0], _ => _pendingTargets.ToArray() };
            Send(Conversation, _pending, target);
        }

        base.EndProcessing();
    }

    private void Send(Conversation? conversation, IReadOnlyList<ImagePart> images, object target) =>
        Sender.Send(() => Build(conversation, images), target, Shape);

    private ChatCall Build(Conversation? conversation, IReadOnlyList<ImagePart> images) =>
        Pipeline.Build(SettingsFor(conversation?.Model), Prompt, images, conversation);

    private object Shape(ChatResult result) => ForPipeline(result);
}
