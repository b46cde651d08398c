using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using VisionPS.Core.Providers;

namespace VisionPS.Completers;

/// <summary>Completes -Provider and -Name from the saved profiles.</summary>
public sealed class ProviderNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        IEnumerable<string> names;
        try
        {
            names = ProviderStore.ForUser(Environment.GetEnvironmentVariable).Load().Profiles.Select(p => p.Name);
        }
        catch (Exception)
        {
            yield break;
        }

        foreach (string name in names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase))
        {
            string text = name.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? "'" + name.Replace("'", "''") + "'" : name;
            yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
        }
    }
}
