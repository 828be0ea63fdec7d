using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// <c>score --explain K</c>'s columns: for each row the K features with the largest contributions in magnitude, largest
    /// first, each as its column name and its signed contribution (<c>Why1,Why1Contribution,...,WhyK,WhyKContribution</c>).
    /// Ties keep the features' order.
    /// </summary>
    internal sealed class TopContributions
    {
        private readonly string[] _names;
        private readonly int[] _order;

        public TopContributions(IReadOnlyList<string> featureNames, int count)
        {
            _names = featureNames.ToArray();
            Count = Math.Min(count, _names.Length);
            _order = new int[_names.Length];
        }

        /// <summary>How many features each row names (K, at most the feature count).</summary>
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
            for (int i = 0; i < _order.Length; i++)
                _order[i] = i;
            float[] values = contributions.ToArray();
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
