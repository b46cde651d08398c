using System.Globalization;

namespace VisionPS.Imaging.Sources;

/// <summary>Pages picked with -Page: "2", "1,3-5", "4-" (to the end); 1-based, sent in the order given, each once.</summary>
public sealed class PageSelection
{
    private readonly (int First, int? Last)[] _ranges;

    private PageSelection((int First, int? Last)[] ranges, string text)
    {
        _ranges = ranges;
        Text = text;
    }

    /// <summary>The selection as the user wrote it, normalised ("1,3-5").</summary>
    public string Text { get; }

    /// <summary>The first page picked (the page a single-page pick such as a TIFF's means).</summary>
    public int First => _ranges[0].First;

    /// <summary>True when exactly one page is picked.</summary>
    public bool IsSinglePage => _ranges.Length == 1 && _ranges[0].Last == _ranges[0].First;

    /// <summary>The highest page named; null when a range runs to the end.</summary>
    public int? Highest => _ranges.Any(r => r.Last is null) ? null : _ranges.Max(r => r.Last!.Value);

    public static PageSelection Single(int page) => page >= 1
        ? new PageSelection([(page, page)], page.ToString(CultureInfo.InvariantCulture))
        : throw new FormatException($"Page {page} does not exist: pages start at 1.");

    /// <summary>Parses each item ("3", "3-5", "4-", or several joined by commas).</summary>
    /// <exception cref="FormatException">An item is not a page number or range; the message quotes it.</exception>
    public static PageSelection Parse(IEnumerable<string> items)
    {
        var ranges = new List<(int, int?)>();
        foreach (string item in items)
        {
            foreach (string raw in (item ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                ranges.Add(ParseRange(raw));
            }
        }

        if (ranges.Count == 0)
        {
            throw new FormatException("No page was given: pass page numbers such as 1,3-5.");
        }

        return new PageSelection([.. ranges], string.Join(",", ranges.Select(r => r.Item2 == r.Item1 ? $"{r.Item1}" : $"{r.Item1}-{r.Item2}")));
    }

    /// <summary>The pages of a <paramref name="pageCount"/>-page document, in order, each once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A page named is past the end; the message says how many there are.</exception>
    public IReadOnlyList<int> Resolve(int pageCount)
    {
        var pages = new List<int>();
        var seen = new HashSet<int>();
        foreach ((int first, int? last) in _ranges)
        {
            int end = last ?? pageCount;
            if (first > pageCount || end > pageCount)
            {
                throw new ArgumentOutOfRangeException(nameof(pageCount), $"page {Math.Max(first, end)} was asked for, but there {(pageCount == 1 ? "is 1 page" : $"are {pageCount} pages")}");
            }

            for (int page = first; page <= end; page++)
            {
                if (seen.Add(page))
                {
                    pages.Add(page);
                }
            }
        }

        return pages;
    }

    public override string ToString() => Text;

    private static (int, int?) ParseRange(string raw)
    {
        int dash = raw.IndexOf('-', 1 < raw.Length ? 1 : 0);
        if (dash < 0)
        {
            int page = ParsePage(raw, raw);
            return (page, page);
        }

        int first = ParsePage(raw[..dash], raw);
        string rest = raw[(dash + 1)..].Trim();
        if (rest.Length == 0)
        {
            return (first, null);
        }

        int last = ParsePage(rest, raw);
        return last >= first ? (first, last) : throw new FormatException($"'{raw}' runs backwards: write the lower page first, e.g. {last}-{first}.");
    }

    private static int ParsePage(string text, string item) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int page) && page >= 1
            ? page
            : throw new FormatException($"'{item}' is not a page number or range: pass pages such as 1,3-5 (pages start at 1; 4- means 4 to the end).");
}
