using System;
using System.Numerics.Tensors;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>Checks a row before scoring and the score after it, so no NaN is ever passed off as a score.</summary>
    internal static class ScoringGuard
    {
        /// <param name="scorer">The model's scorer.</param>
        /// <param name="features">The row's features.</param>
        /// <param name="columnName">The feature column, for messages.</param>
        /// <param name="row">The row's position in the scored view, when the caller knows it (the saved chain's
        /// CustomMapping step does not).</param>
        public static float Score(IAnomalyScorer scorer, ReadOnlySpan<float> features, string columnName, long? row = null)
        {
            AnoOnlyInputException? refused = CheckRow(features, scorer.FeatureCount, columnName, row);
            if (refused != null)
                throw refused;
            float score = scorer.Score(features);
            return CheckScore(score, features, columnName, row) is { } notANumber ? throw notANumber : score;
        }

        /// <summary>Why the row cannot be scored (wrong length, a value that is not finite), or null when it can.</summary>
        public static AnoOnlyInputException? CheckRow(ReadOnlySpan<float> features, int featureCount, string columnName, long? row)
        {
            if (features.Length != featureCount)
                return new AnoOnlyInputException(
                    $"Column '{columnName}' has {features.Length} values in {Where(row)}; the model was trained on {featureCount}.",
                    columnName, row);
            // x.x is finite for any finite row of sane magnitude: one vectorised pass; only when it is not
            // (NaN, infinity, or values near float's limit) are the slots looked at one by one.
            if (float.IsFinite(TensorPrimitives.Dot(features, features)))
                return null;
            for (int i = 0; i < features.Length; i++)
            {
                if (!float.IsFinite(features[i]))
                    return new AnoOnlyInputException(
                        $"Column '{columnName}' holds {features[i]} at slot {i} of {(row is null ? "a row being scored" : Where(row))}; " +
                        "AnoOnly scores finite values only (replace missing values first, e.g. with ReplaceMissingValues).",
                        columnName, row, i);
            }
            return null;
        }

        /// <summary>The error for a score that is not a number (the features overflow the network), or null.</summary>
        public static AnoOnlyInputException? CheckScore(float score, ReadOnlySpan<float> features, string columnName, long? row)
            => float.IsNaN(score)
                ? new AnoOnlyInputException(
                    $"The score of {Where(row)} is not a number: the values of column '{columnName}' are too large for the model " +
                    $"(largest magnitude {TensorPrimitives.MaxMagnitude(features):G3}). Scale the features as at training time.",
                    columnName, row)
                : null;

        private static string Where(long? row) => row is long r ? $"row {r}" : "a row";
    }
}
