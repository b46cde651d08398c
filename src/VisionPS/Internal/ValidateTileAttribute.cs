using System.Management.Automation;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images.Tiling;

namespace VisionPS.Internal;

/// <summary>Checks -Tile while it binds (auto, off or 1-32), so every cmdlet that takes it refuses a bad value the same way.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ValidateTileAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        try
        {
            TileSetting.Parse(arguments as string ?? arguments?.ToString());
        }
        catch (VisionArgumentException e)
        {
            throw new ValidationMetadataException($"{e.Message} {e.RecommendedAction}");
        }
    }
}
