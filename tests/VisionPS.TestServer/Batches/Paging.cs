using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer.Batches;

/// <summary>The list endpoints' cursor paging: <c>limit</c> (1-100, default 20 for batches, 10000 for files) and <c>after</c> (an id).</summary>
internal static class Paging
{
    public static (IReadOnlyList<T> Page, bool HasMore) Take<T>(IReadOnlyList<T> all, Func<T, string> id, HttpRequest request, int defaultLimit, int maxLimit)
    {
        int limit = defaultLimit;
        if (request.Query.TryGetValue("limit", out var raw))
        {
            if (!int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit)
            {
                throw new ApiErrorException(ApiError.Invalid($"Invalid 'limit': expected an integer between 1 and {maxLimit}.", "limit", "invalid_value"));
            }
        }

        int start = 0;
        if (request.Query.TryGetValue("after", out var after) && after.ToString() is { Length: > 0 } cursor)
        {
            int index = all.Select(id).ToList().IndexOf(cursor);
            if (index < 0)
            {
                throw new ApiErrorException(ApiError.Invalid($"No such object: '{cursor}'.", "after", "invalid_value"));
            }

            start = index + 1;
        }

        T[] page = all.Skip(start).Take(limit).ToArray();
        return (page, start + page.Length < all.Count);
    }
}
