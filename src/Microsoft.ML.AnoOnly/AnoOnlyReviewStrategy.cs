namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// How <see cref="AnoOnlyReviewCatalog.SelectRowsToReview(AnomalyDetectionCatalog, ITransformer, IDataView, int, AnoOnlyReviewStrategy, int?)"/>
    /// chooses the rows an analyst reviews next. <see cref="AnoOnlyReviewOptions.RecommendedStrategy"/> names the one to use
    /// in an analyst's loop.
    /// </summary>
    public enum AnoOnlyReviewStrategy
    {
        /// <summary>
        /// The highest-scored rows, highest first: the most anomalies found per review now, but labels of the kind the model
        /// already ranks highest, so the refitted model improves little or even gets worse at ranking other kinds.
        /// </summary>
        TopScored = 0,

        /// <summary>Rows drawn uniformly at random: few anomalies found, labels representative of all rows. A baseline.</summary>
        Random = 1,

        /// <summary>
        /// Recommended. Half the rows (rounded up) are the highest-scored; the other half are spread in feature space over the
        /// top 25 x count rows of the ranking (k-means++ seeding: each drawn with probability proportional to its squared
        /// distance to the nearest row already chosen). It keeps finding anomalies (about 90 % of
        /// <see cref="TopScored"/>'s in the benchmark's loop) while the labels cover more kinds of anomaly and of normal
        /// outlier, which is what improves the refitted model (docs/benchmarks.md, "Analyst loop").
        /// </summary>
        TopDiverse = 2,
    }
}
