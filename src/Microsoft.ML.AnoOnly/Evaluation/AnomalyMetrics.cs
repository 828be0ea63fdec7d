using System;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Evaluation
{
    /// <summary>
    /// Ranking metrics of anomaly scores against true labels. <c>AnomalyDetection.Evaluate</c> gives AUC-ROC;
    /// these also give the area under the precision-recall curve (average precision), which matters when
    /// anomalies are rare. Ties are handled as scikit-learn does.
    /// </summary>
    public static class AnomalyMetrics
    {
        /// <summary>Area under the ROC curve (ties count one half).</summary>
        /// <param name="scores">Scores, higher = more anomalous.</param>
        /// <param name="isAnomaly">True labels.</param>
        /// <returns>AUC-ROC in [0, 1].</returns>
        public static double AreaUnderRocCurve(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isAnomaly)
        {
            int[] order = Order(scores, isAnomaly, out long positives, out long negatives);
            // Mann-Whitney U with mid-ranks for ties.
            double rankSum = 0;
            int i = 0;
            while (i < order.Length)
            {
                int j = i;
                while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
                    j++;
                double midRank = (i + j) / 2.0 + 1; // ranks ascending
                for (int k = i; k <= j; k++)
                {
                    if (isAnomaly[order[k]])
                        rankSum += midRank;
                }
                i = j + 1;
            }
            return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
        }

        /// <summary>Average precision: sum over thresholds of (recall step) x precision, as scikit-learn's
        /// <c>average_precision_score</c> computes it.</summary>
        /// <param name="scores">Scores, higher = more anomalous.</param>
        /// <param name="isAnomaly">True labels.</param>
        /// <returns>AUC-PR in [0, 1].</returns>
        public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isAnomaly)
        {
            int[] order = Order(scores, isAnomaly, out long positives, out _);
            Array.Reverse(order); // descending
            double ap = 0, previousRecall = 0;
            long truePositives = 0, seen = 0;
            int i = 0;
            while (i < order.Length)
            {
                int j = i;
                while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
                    j++;
                for (int k = i; k <= j; k++)
                {
                    seen++;
                    if (isAnomaly[order[k]])
                        truePositives++;
                }
                double recall = (double)truePositives / positives;
                ap += (recall - previousRecall) * truePositives / seen;
                previousRecall = recall;
                i = j + 1;
            }
            return ap;
        }

        private static int[] Order(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isAnomaly, out long positives, out long negatives)
        {
            if (scores.Length != isAnomaly.Length)
                throw new ArgumentException($"{scores.Length} scores but {isAnomaly.Length} labels.");
            positives = 0;
            for (int i = 0; i < isAnomaly.Length; i++)
            {
                if (float.IsNaN(scores[i]))
                    throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
                if (isAnomaly[i])
                    positives++;
            }
            negatives = isAnomaly.Length - positives;
            if (positives == 0 || negatives == 0)
                throw new ArgumentException("Ranking metrics need both anomalies and normal rows.", nameof(isAnomaly));
            float[] keys = scores.ToArray();
            int[] order = Enumerable.Range(0, keys.Length).ToArray();
            Array.Sort(keys, order);
            return order;
        }
    }
}
