using System.Management.Automation;
using VisionPS.Core.Chat;
using VisionPS.Core.Models;
using VisionPS.Internal;

namespace VisionPS.Commands;

/// <summary>
/// Lists models: the built-in catalog (plus $env:VISIONPS_MODEL_CATALOG) merged with what the provider lists under
/// GET {base}/models, cached per base URL for the session.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VisionModel")]
[OutputType(typeof(VisionModel))]
public sealed class GetVisionModelCommand : VisionCmdletBase
{
    /// <summary>Model ids or aliases; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Keep models that can see, and those whose vision support is unknown (shown as unknown).</summary>
    [Parameter]
    public SwitchParameter Vision { get; set; }

    /// <summary>Ask the provider again instead of using the list cached for this base URL.</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <summary>The catalog only: do not ask the provider.</summary>
    [Parameter]
    public SwitchParameter Offline { get; set; }

    private readonly List<string> _names = [];

    protected override void ProcessRecord() => _names.AddRange(Name ?? []);

    protected override void EndProcessing()
    {
        ModelCatalog catalog;
        Connection connection;
        try
        {
            // Resolved even with -Offline: -Provider nosuch is an error, never a quiet fallback to the catalog.
            connection = ResolveConnection(requireKey: false);
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ReportError(ex, (object?)Provider ?? BaseUrl);
            return;
        }

        try
        {
            catalog = ModelCatalog.Load();
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(ex, Environment.GetEnvironmentVariable(ModelCatalog.UserFileVariable), out _));
            return;
        }

        IReadOnlyList<VisionModel> models = ModelListing.Merge(catalog, Offline ? null : LiveIds(connection));
        var patterns = _names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (string name in _names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
        {
            if (!models.Any(m => Matches(m, name)))
            {
                WriteError(ErrorRecordFactory.Create(
                    new Core.Diagnostics.VisionArgumentException(Core.Diagnostics.ErrorIds.ModelNotFound, $"No model named '{name}' is in the catalog or listed by the provider.", "Run Get-VisionModel without -Name to see them all."),
                    name,
                    out _));
            }
        }

        foreach (VisionModel model in models)
        {
            if ((patterns.Count == 0 || patterns.Any(p => p.IsMatch(model.Id) || (model.Info?.Aliases.Any(p.IsMatch) ?? false)))
                && (!Vision || ModelListing.MaySee(model)))
            {
                WriteObject(model);
            }
        }
    }

    private static bool Matches(VisionModel model, string name) =>
        string.Equals(model.Id, name, StringComparison.OrdinalIgnoreCase) || (model.Info?.Matches(name) ?? false);

    // The live list is a bonus: without a key or a reachable server the catalog still answers, with a warning.
    private IReadOnlyList<string>? LiveIds(Connection connection)
    {
        try
        {
            if (connection.ApiKey is null && !Core.Http.Endpoints.IsLocal(connection.BaseUrl))
            {
                throw new Core.Http.ApiKeyMissingException(connection.BaseUrl);
            }

            return SynchronousPump.Run(() => LiveModelCache.GetAsync(CreateClient(connection), connection.BaseUrl, Refresh, StopToken));
        }
        catch (Exception ex) when (IsReportable(ex) && !StopToken.IsCancellationRequested)
        {
            WriteWarning($"Only the catalog is shown: the provider's model list could not be read ({Core.Diagnostics.ErrorClassifier.Classify(ex, null).Message}). Use -Offline to skip asking.");
            return null;
        }
    }
}
