namespace VisionPS.Host.Tests.Hosting;

/// <summary>A theory that needs Debian tools on PATH; without one it is skipped naming the package (see <see cref="ToolFactAttribute"/>).</summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools)
    {
        Skip = ToolFactAttribute.SkipReason(tools);
    }
}
