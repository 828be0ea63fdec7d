using System;
using System.Collections.Generic;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>Orders ADBench set names by their leading number (2_annthyroid before 18_Ionosphere), then by name.</summary>
    internal sealed class DatasetNameComparer : IComparer<string>
    {
        public static DatasetNameComparer Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            int byNumber = Leading(x).CompareTo(Leading(y));
            return byNumber != 0 ? byNumber : string.CompareOrdinal(x, y);
        }

        private static long Leading(string? name)
        {
            if (string.IsNullOrEmpty(name))
                return long.MaxValue;
            int end = 0;
            while (end < name.Length && end < 9 && char.IsAsciiDigit(name[end]))
                end++;
            // Names without a number (the embedding sets) come after the numbered ones.
            return end == 0 ? long.MaxValue : long.Parse(name.AsSpan(0, end));
        }
    }
}
