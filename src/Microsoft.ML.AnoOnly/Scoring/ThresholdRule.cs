using System;
using Microsoft.ML.AnoOnly.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// The default decision threshold: the (1 - contamination) quantile (lower nearest rank) of the scores
    /// of the training rows the trainer kept, so that about a <c>contamination</c> share of rows like the
    /// training data is flagged.
    /// </summary>
    internal static class ThresholdRule
    {
        public static float FromTrainingScores(IAnomalyScorer scorer, TrainingSet data, double contamination)
        {
            var scores = new float[data.Anomalies.Count + data.Unlabeled.Count];
            int n = 0;
            for (int i = 0; i < data.Anomalies.Count; i++)
                scores[n++] = scorer.Score(data.Anomalies.Row(i));
            for (int i = 0; i < data.Unlabeled.Count; i++)
                scores[n++] = scorer.Score(data.Unlabeled.Row(i));
            return Quantile(scores, 1 - contamination);
        }

        public static float Quantile(float[] scores, double q)
        {
            Array.Sort(scores);
            int index = (int)Math.Floor(q * (scores.Length - 1));
            return scores[Math.Clamp(index, 0, scores.Length - 1)];
        }
    }
}
