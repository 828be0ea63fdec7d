using System;
using System.Collections.Generic;

namespace Microsoft.ML.AnoOnly.Backbones.Trees
{
    /// <summary>
    /// The candidate split points of each feature and every training row's bin under them, so that finding a split is a
    /// pass over a small histogram instead of a sort. A row's bin is the number of the feature's thresholds its value is
    /// above (<c>value &gt; threshold</c>, the comparison scoring makes), so a split at threshold <c>k</c> sends exactly
    /// the rows with bin &gt; k to the right, in training and in scoring alike.
    /// </summary>
    internal sealed class FeatureBins
    {
        /// <summary>Quantile thresholds per feature; two more mark the range of the normal rows (see <see cref="Build"/>).</summary>
        public const int QuantileThresholds = 63;

        private FeatureBins(float[][] thresholds, byte[] bins, int rows)
        {
            Thresholds = thresholds;
            Bins = bins;
            Rows = rows;
        }

        /// <summary>The ascending thresholds of each feature (none for a constant feature).</summary>
        public float[][] Thresholds { get; }

        /// <summary>The rows' bins, feature-major: the bin of row <c>i</c> under feature <c>f</c> is at <c>f * Rows + i</c>.</summary>
        public byte[] Bins { get; }

        public int Rows { get; }

        /// <summary>
        /// Thresholds at the quantiles of each feature over all <paramref name="rows"/>, each halfway between two distinct
        /// values, plus the two just outside the values of the rows that are not anomalies (<paramref name="isAnomaly"/>
        /// false): a handful of labeled anomalies rarely owns a quantile, and "beyond every normal value" is the region
        /// they most often share.
        /// </summary>
        public static FeatureBins Build(float[] rows, int count, int width, bool[] isAnomaly)
        {
            var thresholds = new float[width][];
            var bins = new byte[(long)width * count];
            var column = new float[count];
            for (int f = 0; f < width; f++)
            {
                float normalMin = float.PositiveInfinity, normalMax = float.NegativeInfinity;
                for (int i = 0; i < count; i++)
                {
                    float value = rows[(long)i * width + f];
                    column[i] = value;
                    if (!isAnomaly[i])
                    {
                        normalMin = Math.Min(normalMin, value);
                        normalMax = Math.Max(normalMax, value);
                    }
                }
                Array.Sort(column);
                thresholds[f] = CutsOf(column, normalMin, normalMax);
                float[] cuts = thresholds[f];
                for (int i = 0; i < count; i++)
                    bins[(long)f * count + i] = (byte)LowerBound(cuts, rows[(long)i * width + f]);
            }
            return new FeatureBins(thresholds, bins, count);
        }

        private static float[] CutsOf(float[] sorted, float normalMin, float normalMax)
        {
            var cuts = new SortedSet<float>();
            int n = sorted.Length;
            for (int q = 1; q <= QuantileThresholds; q++)
                AddAbove(cuts, sorted, sorted[(int)((long)q * (n - 1) / (QuantileThresholds + 1))]);
            if (float.IsFinite(normalMax))
                AddAbove(cuts, sorted, normalMax);
            if (float.IsFinite(normalMin))
                AddBelow(cuts, sorted, normalMin);
            var result = new float[cuts.Count];
            cuts.CopyTo(result);
            return result;
        }

        /// <summary>The threshold halfway between <paramref name="value"/> and the next larger value, if there is one.</summary>
        private static void AddAbove(SortedSet<float> cuts, float[] sorted, float value)
        {
            int next = UpperBound(sorted, value);
            if (next < sorted.Length)
                cuts.Add(Halfway(value, sorted[next]));
        }

        /// <summary>The threshold halfway between the next smaller value and <paramref name="value"/>, if there is one.</summary>
        private static void AddBelow(SortedSet<float> cuts, float[] sorted, float value)
        {
            int first = LowerBound(sorted, value);
            if (first > 0)
                cuts.Add(Halfway(sorted[first - 1], value));
        }

        private static float Halfway(float low, float high) => (float)(low + ((double)high - low) / 2);

        /// <summary>The index of the first value above <paramref name="value"/>.</summary>
        private static int UpperBound(float[] sorted, float value)
        {
            int low = 0, high = sorted.Length;
            while (low < high)
            {
                int mid = (low + high) >> 1;
                if (sorted[mid] > value)
                    high = mid;
                else
                    low = mid + 1;
            }
            return low;
        }

        /// <summary>The index of the first value not below <paramref name="value"/>: the number of values
        /// <paramref name="value"/> is above, which for the thresholds is a row's bin.</summary>
        private static int LowerBound(float[] sorted, float value)
        {
            int low = 0, high = sorted.Length;
            while (low < high)
            {
                int mid = (low + high) >> 1;
                if (sorted[mid] >= value)
                    high = mid;
                else
                    low = mid + 1;
            }
            return low;
        }
    }
}
