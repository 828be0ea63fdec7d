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
            => Quantile(data.ScoreAll(scorer), 1 - contamination);

        public static float Quantile(float[] scores, double q)
        {
            Array.Sort(scores);
            int index = (int)Math.Floor(q * (scores.Length - 1));
            return scores[Math.Clamp(index, 0, scores.Length - 1)];
        }
    }
}
