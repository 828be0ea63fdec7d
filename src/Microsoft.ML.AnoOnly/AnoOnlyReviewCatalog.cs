using System;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Review;

namespace Microsoft.ML
{
    /// <summary>Chooses the rows an analyst reviews next, from <c>mlContext.AnomalyDetection</c>.</summary>
    public static class AnoOnlyReviewCatalog
    {
        /// <summary>
        /// The next <paramref name="count"/> rows of <paramref name="unreviewed"/> an analyst should review, chosen by
        /// <paramref name="strategy"/> from the scores <paramref name="model"/> gives them.
        /// </summary>
        /// <param name="catalog">The anomaly detection catalog.</param>
        /// <param name="model">A trained model whose output has a <see cref="float"/> <c>Score</c> column (higher = more
        /// anomalous) and the <c>Features</c> vector it scored, for example a pipeline of <c>NormalizeMinMax</c> and
        /// <see cref="AnoOnlyTrainer"/>.</param>
        /// <param name="unreviewed">The rows nobody has reviewed yet.</param>
        /// <param name="count">How many rows to return (all of them when the view has fewer).</param>
        /// <param name="strategy">How to choose. Default: <see cref="AnoOnlyReviewOptions.RecommendedStrategy"/>.</param>
        /// <param name="seed">Seed of the strategies that draw at random; <see langword="null"/>: from the <see cref="MLContext"/>.</param>
        /// <returns>Distinct positions of rows in <paramref name="unreviewed"/> (0 = its first row), in the order the strategy
        /// chose them.</returns>
        /// <exception cref="AnoOnlyInputException">The model's output lacks the score or feature column.</exception>
        public static int[] SelectRowsToReview(this AnomalyDetectionCatalog catalog, ITransformer model, IDataView unreviewed, int count,
            AnoOnlyReviewStrategy strategy = AnoOnlyReviewOptions.RecommendedStrategy, int? seed = null)
            => catalog.SelectRowsToReview(model, unreviewed, count, new AnoOnlyReviewOptions { Strategy = strategy, Seed = seed });

        /// <summary>The next <paramref name="count"/> rows of <paramref name="unreviewed"/> an analyst should review, with
        /// advanced options.</summary>
        /// <param name="catalog">The anomaly detection catalog.</param>
        /// <param name="model">A trained model whose output has the score and feature columns the options name.</param>
        /// <param name="unreviewed">The rows nobody has reviewed yet.</param>
        /// <param name="count">How many rows to return (all of them when the view has fewer).</param>
        /// <param name="options">Strategy, seed and column names.</param>
        /// <returns>Distinct positions of rows in <paramref name="unreviewed"/> (0 = its first row), in the order the strategy
        /// chose them.</returns>
        /// <exception cref="AnoOnlyInputException">The model's output lacks the score or feature column.</exception>
        public static int[] SelectRowsToReview(this AnomalyDetectionCatalog catalog, ITransformer model, IDataView unreviewed, int count,
            AnoOnlyReviewOptions options)
        {
            ArgumentNullException.ThrowIfNull(catalog);
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(unreviewed);
            ArgumentNullException.ThrowIfNull(options);
            if (count < 0)
                throw new ArgumentOutOfRangeException(nameof(count), count, "count must not be negative.");
            if (!Enum.IsDefined(options.Strategy))
                throw new ArgumentOutOfRangeException(nameof(options), options.Strategy, "Unknown AnoOnlyReviewStrategy.");
            int seed = options.Seed ?? HostEnvironmentAccess.FromCatalog(catalog).Register(nameof(SelectRowsToReview)).Rand.Next();
            ScoredRows rows = ScoredRows.Read(model, unreviewed, options.ScoreColumnName, options.FeatureColumnName);
            return ReviewSelection.Select(rows, count, options.Strategy, new Random(seed));
        }
    }
}
