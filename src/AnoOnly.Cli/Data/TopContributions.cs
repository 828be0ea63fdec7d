using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// <c>score --explain K</c>'s columns: for each row the K CSV columns with the largest contributions in magnitude,
    /// largest first, each as its name and its signed contribution (<c>Why1,Why1Contribution,...,WhyK,WhyKContribution</c>).
    /// A column that became several features (a category's one-hot slots, a number and its missing indicator) gets the
    /// sum of their contributions: contributions add up, so the sum is that column's share of the score. Ties keep the
    /// columns' order.
    /// </summary>
    internal sealed class TopContributions
    {
        private readonly string[] _names;
        private readonly int[] _groupOfSlot;
        private readonly int[] _order;
        private readonly float[] _sums;

        /// <param name="slotColumns">The CSV column of each slot of the feature vector; a slot of unknown column is
        /// named by its position (<c>slot 7</c>).</param>
        /// <param name="count">K.</param>
        public TopContributions(IReadOnlyList<string?> slotColumns, int count)
        {
            var names = new List<string>();
            _groupOfSlot = new int[slotColumns.Count];
            for (int slot = 0; slot < slotColumns.Count; slot++)
            {
                string name = slotColumns[slot] ?? $"slot {slot}";
                int group = names.IndexOf(name);
                if (group < 0)
                {
                    group = names.Count;
                    names.Add(name);
                }
                _groupOfSlot[slot] = group;
            }
            _names = names.ToArray();
            Count = Math.Min(count, _names.Length);
            _order = new int[_names.Length];
            _sums = new float[_names.Length];
        }

        /// <summary>How many columns each row names (K, at most the number of columns).</summary>
        public int Count { get; }

        public IEnumerable<string> Header()
        {
            for (int k = 1; k <= Count; k++)
            {
                yield return $"Why{k}";
                yield return $"Why{k}Contribution";
            }
        }

        /// <summary>Appends the row's K pairs, each preceded by <paramref name="separator"/>.</summary>
        public void Append(StringBuilder line, ReadOnlySpan<float> contributions, char separator)
        {
            Array.Clear(_sums);
            for (int slot = 0; slot < contributions.Length && slot < _groupOfSlot.Length; slot++)
                _sums[_groupOfSlot[slot]] += contributions[slot];
            for (int i = 0; i < _order.Length; i++)
                _order[i] = i;
            float[] values = _sums;
            // A stable sort by decreasing magnitude.
            Array.Sort(_order, (a, b) =>
            {
                int byMagnitude = Math.Abs(values[b]).CompareTo(Math.Abs(values[a]));
                return byMagnitude != 0 ? byMagnitude : a.CompareTo(b);
            });
            for (int k = 0; k < Count; k++)
            {
                line.Append(separator).Append(DelimitedFile.Quote(_names[_order[k]], separator));
                line.Append(separator).Append(values[_order[k]].ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }
}
