using System.Management.Automation;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>Checks every contract test repeats: the error record's shape, and that the key never shows.</summary>
public static class ContractAssert
{
    /// <summary>A VisionPS error: id, category and target as given, and a recommended action to follow.</summary>
    public static void Error(ErrorRecord error, string errorId, string command, ErrorCategory category, object target)
    {
        Assert.Equal($"{errorId},VisionPS.Commands.{command}", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject is PSObject wrapped ? wrapped.BaseObject : error.TargetObject);
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.RecommendedAction), $"{errorId} has no RecommendedAction");
        Assert.DoesNotContain("   at ", error.ErrorDetails?.Message ?? error.Exception.Message, StringComparison.Ordinal);
    }

    public static void NoKey(HostedRun run)
    {
        foreach (string text in run.AllText())
        {
            Assert.DoesNotContain(ModuleFixture.Key, text, StringComparison.Ordinal);
        }
    }

    public static void Clean(HostedRun run)
    {
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        NoKey(run);
    }
}
