using System.Management.Automation;
using VisionPS.Core.Chat;
using VisionPS.Core.Comparison;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Compares a reference image with one or more difference images: local measures (pixel hash, SSIM, perceptual
/// hash, changed regions) and, unless -Local, the model's description of the differences, with both images in one
/// request, each labelled. Pairs also come from the pipeline by property name (Import-Csv with ReferenceImage and
/// DifferenceImage columns).
/// </summary>
[Cmdlet(VerbsData.Compare, "Image", SupportsShouldProcess = true)]
[OutputType(typeof(ImageComparison), typeof(string))]
public sealed class CompareImageCommand : VisionChatCmdletBase
{
    public const string DefaultPrompt =
        "Image 1 is the reference and Image 2 is the difference image. Describe the main differences between them: " +
        "what was added, removed, moved or changed, and where. If they show the same content, say so.";

    /// <summary>The image every difference image is compared with: a path, URL, FileInfo or ImagePart.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Reference", "Before", "Left")]
    public object? ReferenceImage { get; set; }

    /// <summary>One or more images (wildcards allowed) each compared with the reference in its own request.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Difference", "After", "Right")]
    [SupportsWildcards]
    public object[]? DifferenceImage { get; set; }

    /// <summary>Replaces the default prompt, which asks for the differences.</summary>
    [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
    public string? Prompt { get; set; }

    /// <summary>Only the local measures: no model, no key, nothing sent.</summary>
    [Parameter]
    public SwitchParameter Local { get; set; }

    protected override string Activity => "Compare-Image";

    protected override bool SendsNothing => base.SendsNothing || Local;

    protected override void ProcessRecord()
    {
        var paths = new PathResolver(this);
        // -Local sends nothing: the images need no resizing or re-encoding, only reading (the measures decode them),
        // and no server's rules apply. Each side is one image here (-Tile does not split them: the labels name two images).
        ImagePreparationOptions preparation = PreparationOptions(null) with { Tile = Core.Images.Tiling.TileSetting.Off };
        preparation = Local ? preparation with { Resize = false, Server = ServerImageRules.Any } : preparation;
        object referenceTarget = ReferenceImage!;
        List<PendingImage> references = ImageInputReader.Resolve(PathResolver.Unwrap(ReferenceImage), referenceTarget, paths, NormalizedDetail, preparation).ToList();
        if (references.Count != 1)
        {
            Report(new VisionArgumentException(
                ErrorIds.InvalidInput,
                $"-ReferenceImage must name exactly one image; '{ReferenceImage}' names {references.Count}.",
                "Pass one reference image; pass the many images to -DifferenceImage."), referenceTarget);
            return;
        }

        // The reference is read once per record, however many images it is compared with.
        if (OneImage(Sender.Load(references[0]), referenceTarget) is not { } reference)
        {
            return;
        }

        var referenceReady = new PendingImage(references[0].Target, () => new ImageInput(references[0].Target, reference));
        foreach (object? raw in DifferenceImage ?? [])
        {
            object? item = PathResolver.Unwrap(raw);
            foreach (PendingImage pending in ImageInputReader.Resolve(item, raw ?? item!, paths, NormalizedDetail, preparation))
            {
                if (Local)
                {
                    CompareLocally(reference, pending);
                }
                else
                {
                    Ask(referenceReady, pending);
                }
            }
        }
    }

    private void CompareLocally(ImagePart reference, PendingImage pending)
    {
        if (OneImage(Sender.Load(pending), pending.Target) is not { } difference)
        {
            return;
        }

        LocalMeasures? measures = PairMeasurer.TryMeasure(reference, difference, out string? note);
        if (note is not null)
        {
            WriteWarning($"{difference.Source}: {note}");
        }

        WriteObject(new ImageComparison { ReferenceImage = reference.Source, DifferenceImage = difference.Source, Measures = measures, MeasuresNote = note });
    }

    // The measures are taken where the request is built (a batch worker, or here), from the images as given.
    private void Ask(PendingImage reference, PendingImage difference)
    {
        LocalMeasures? measures = null;
        string? note = null;
        string prompt = string.IsNullOrWhiteSpace(Prompt) ? DefaultPrompt : Prompt;
        Sender.Send(
            [reference, difference],
            parts =>
            {
                if (parts.Count != 2)
                {
                    throw MoreThanOne(parts.Count > 1 ? parts[1] : parts[0], parts.Count - 1);
                }

                if (!RequestBodyOnly)
                {
                    measures = PairMeasurer.TryMeasure(parts[0], parts[1], out note);
                }

                return Pipeline.Build(SettingsFor(null), prompt, parts, history: null, Labels(parts));
            },
            difference.Target,
            result => new ImageComparison
            {
                ReferenceImage = result.Images[0],
                DifferenceImage = result.Images[1],
                Measures = measures,
                MeasuresNote = note,
                Answer = WithPowerShellData(result),
            });
    }

    // Pages of a PDF or frames of a video are compared one at a time: -Page picks the page on both sides.
    private ImagePart? OneImage(IReadOnlyList<ImagePart>? parts, object target)
    {
        if (parts is null)
        {
            return null;
        }

        if (parts.Count != 1)
        {
            Report(MoreThanOne(parts[0], parts.Count), target);
            return null;
        }

        return parts[0];
    }

    private static VisionArgumentException MoreThanOne(ImagePart part, int count) => new(
        ErrorIds.InvalidInput,
        $"'{part.Origin ?? part.Source}' became {count} images (pages or frames); Compare-Image compares one image with one image.",
        "Pick one page with -Page (e.g. -Page 2), or one frame with -MaxFrames 1.");

    private static string[] Labels(IReadOnlyList<ImagePart> parts) =>
    [
        $"Image 1 (reference): {DisplayName(parts[0])}",
        $"Image 2 (difference): {DisplayName(parts[1])}",
    ];

    private static string DisplayName(ImagePart part) => part.Kind == ImageSourceKind.File ? Path.GetFileName(part.Source) : part.Source;
}
