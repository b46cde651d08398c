using VisionPS.Core.Diagnostics;
using VisionPS.Imaging.Sources;

namespace VisionPS.Core.Images.Preparation;

/// <summary>
/// The document and video parameters every image-taking cmdlet declares (-Page, -FramesPerSecond, -MaxFrames, -AllFrames), turned
/// into preparation options here so the cmdlets hold no logic of their own.
/// </summary>
public static class SourceSwitches
{
    /// <param name="options">The options so far.</param>
    /// <param name="page">-Page as given ("2", "1,3-5", "4-"); null or empty = every page of a PDF, page 1 of a TIFF; a
    /// list or range = every page listed, of a PDF or a TIFF (<see cref="Imaging.Sources.TiffPages.TiffPageSource"/>).</param>
    /// <param name="framesPerSecond">-FramesPerSecond; 0 when not given.</param>
    /// <param name="maxFrames">-MaxFrames; 0 when not given.</param>
    /// <param name="allFrames">-AllFrames: an animated GIF goes as frames (so does any -FramesPerSecond or -MaxFrames).</param>
    /// <exception cref="VisionArgumentException">-Page is not a list of pages (<see cref="ErrorIds.PageSelectionInvalid"/>).</exception>
    public static ImagePreparationOptions Apply(ImagePreparationOptions options, string[]? page, double framesPerSecond, int maxFrames, bool allFrames = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        PageSelection? pages = null;
        if (page is { Length: > 0 })
        {
            try
            {
                pages = PageSelection.Parse(page);
            }
            catch (FormatException ex)
            {
                throw new VisionArgumentException(ErrorIds.PageSelectionInvalid, $"-Page {string.Join(",", page)}: {ex.Message}", "Pass pages such as -Page 2 or -Page 1,3-5 (4- means page 4 to the end).");
            }
        }

        return options with
        {
            Page = pages?.First ?? 1,
            Sources = options.Sources with
            {
                Pages = pages,
                FramesPerSecond = framesPerSecond > 0 ? framesPerSecond : null,
                MaxFrames = maxFrames > 0 ? maxFrames : allFrames && framesPerSecond <= 0 ? SourceOptions.FrameLimit : SourceOptions.DefaultMaxFrames,
                AnimationFrames = allFrames || framesPerSecond > 0 || maxFrames > 0,
            },
        };
    }
}
