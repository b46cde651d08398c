using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using VisionPS.Core.Chat;

namespace VisionPS.Completers;

/// <summary>Offers the known provider roots for -BaseUrl, matched by URL or by provider name; any URL is still accepted.</summary>
public sealed class BaseUrlCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ProviderRoots.Matching(wordToComplete ?? string.Empty)
            .Select(r => new CompletionResult(r.BaseUrl, r.BaseUrl, CompletionResultType.ParameterValue, $"{r.Name}: {r.BaseUrl}"));
}
