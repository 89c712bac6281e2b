using InstantlySync.FakeApi.Workspace;

namespace InstantlySync.FakeApi.Http;

internal static class Keyset
{
    /// <summary>
    /// Index of the first item whose id is greater than <paramref name="cursor"/> (or greater than
    /// or equal, when <paramref name="inclusive"/>) in a list ordered by id. The cursor need not be
    /// an id that exists, so any earlier id works as a resume point.
    /// </summary>
    public static int FirstAfter<T>(List<T> items, Id128 cursor, Func<T, Id128> idOf, bool inclusive = false)
    {
        int low = 0, high = items.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            var comparison = idOf(items[mid]).CompareTo(cursor);
            if (comparison < 0 || (comparison == 0 && !inclusive))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
