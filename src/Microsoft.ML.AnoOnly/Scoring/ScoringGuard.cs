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
            string where = row is long r ? $"row {r}" : "a row";
            if (features.Length != scorer.FeatureCount)
                throw new AnoOnlyInputException(
                    $"Column '{columnName}' has {features.Length} values in {where}; the model was trained on {scorer.FeatureCount}.",
                    columnName, row);
            // x.x is finite for any finite row of sane magnitude: one vectorised pass; only when it is not
            // (NaN, infinity, or values near float's limit) are the slots looked at one by one.
            if (!float.IsFinite(TensorPrimitives.Dot(features, features)) && !AllFinite(features, out _))
                ThrowNotFinite(features, columnName, where, row);
            float score = scorer.Score(features);
            if (float.IsNaN(score))
                throw new AnoOnlyInputException(
                    $"The score of {where} is not a number: the values of column '{columnName}' are too large for the model " +
                    $"(largest magnitude {TensorPrimitives.MaxMagnitude(features):G3}). Scale the features as at training time.",
                    columnName, row);
            return score;
        }

        private static bool AllFinite(ReadOnlySpan<float> features, out int badIndex)
        {
            for (int i = 0; i < features.Length; i++)
            {
                if (!float.IsFinite(features[i]))
                {
                    badIndex = i;
                    return false;
                }
            }
            badIndex = -1;
            return true;
        }

        private static void ThrowNotFinite(ReadOnlySpan<float> features, string columnName, string where, long? row)
        {
            AllFinite(features, out int index);
            throw new AnoOnlyInputException(
                $"Column '{columnName}' holds {features[index]} at slot {index} of {(row is null ? "a row being scored" : where)}; " +
                "AnoOnly scores finite values only (replace missing values first, e.g. with ReplaceMissingValues).",
                columnName, row, index);
        }
    }
}
