using System.Text.RegularExpressions;

namespace VisionPS.Core.History;

/// <summary>Which journal rows Get-VisionHistory returns. Null fields do not filter.</summary>
public sealed record HistoryFilter
{
    public DateTimeOffset? After { get; init; }

    public DateTimeOffset? Before { get; init; }

    /// <summary>Model ids with PowerShell wildcards (* ? [a-z]), case-insensitive.</summary>
    public string? Model { get; init; }

    public string? Profile { get; init; }

    /// <summary>An image source with PowerShell wildcards: rows with at least one matching image.</summary>
    public string? Source { get; init; }

    public string? Run { get; init; }

    /// <summary>True: failed requests only; false: answered only.</summary>
    public bool? Failed { get; init; }

    /// <summary>An error id (wildcards allowed).</summary>
    public string? ErrorId { get; init; }

    /// <summary>The newest this many rows; null for all.</summary>
    public int? Newest { get; init; }

    /// <summary>PowerShell's wildcard rules as a regex: * ? [set], backtick escapes, case-insensitive, whole string.</summary>
    internal static Regex? Wildcard(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        var regex = new System.Text.StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    int end = pattern.IndexOf(']', i + 1);
                    if (end > i + 1)
                    {
                        regex.Append('[').Append(pattern.AsSpan(i + 1, end - i - 1).ToString().Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                        i = end;
                    }
                    else
                    {
                        regex.Append("\\[");
                    }

                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
