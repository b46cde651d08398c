using System.Globalization;

namespace VisionPS.Core.History;

/// <summary>Get-VisionHistory -Cost: journal rows grouped by day, model, profile or run, oldest group first.</summary>
public static class HistoryCostReport
{
    public static readonly string[] Groupings = ["Day", "Model", "Profile", "Run"];

    public static IReadOnlyList<HistoryCostGroup> Group(IEnumerable<HistoryEntry> rows, string groupBy)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Func<HistoryEntry, string?> key = groupBy.ToUpperInvariant() switch
        {
            "DAY" => r => r.Time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "MODEL" => r => r.Model,
            "PROFILE" => r => r.Profile,
            "RUN" => r => r.Run,
            _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Day, Model, Profile or Run."),
        };
        string name = Groupings.First(g => g.Equals(groupBy, StringComparison.OrdinalIgnoreCase));
        return rows
            .GroupBy(key)
            .Select(g =>
            {
                HistoryEntry[] sent = g.Where(r => !r.FromCache).ToArray();
                decimal?[] costs = sent.Select(r => r.Cost).ToArray();
                return new HistoryCostGroup
                {
                    GroupBy = name,
                    Name = g.Key,
                    Requests = sent.Length,
                    Failed = sent.Count(r => r.ErrorId is not null),
                    FromCache = g.Count(r => r.FromCache),
                    PromptTokens = sent.Sum(r => (long)(r.PromptTokens ?? 0)),
                    CompletionTokens = sent.Sum(r => (long)(r.CompletionTokens ?? 0)),
                    Cost = costs.Any(c => c is not null) ? costs.Sum(c => c ?? 0) : (g.Any(r => r.FromCache) && sent.Length == 0 ? 0m : null),
                    Currency = g.Select(r => r.Currency).FirstOrDefault(c => c is not null),
                    First = g.Min(r => r.Time),
                    Last = g.Max(r => r.Time),
                };
            })
            .OrderBy(g => g.First)
            .ToArray();
    }
}
