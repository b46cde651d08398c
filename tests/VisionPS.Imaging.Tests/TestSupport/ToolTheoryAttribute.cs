namespace VisionPS.Imaging.Tests.TestSupport;

/// <summary>A theory that needs Debian tools on PATH, skipped like <see cref="ToolFactAttribute"/> without them.</summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools)
    {
        Skip = ToolFactAttribute.Missing(tools);
    }
}
